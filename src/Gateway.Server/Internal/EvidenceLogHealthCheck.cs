using Gateway.EvidenceLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Internal;

/// <summary>Unhealthy once sealing has failed (e.g. the TSA unreachable) for longer than the configured bound.</summary>
internal sealed class EvidenceLogHealthCheck(EvidenceLogStore log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = log.Health;
        var data = new Dictionary<string, object>
        {
            ["size"] = health.Size,
            ["sealedSize"] = health.SealedSize,
            ["accepting"] = health.Accepting,
        };
        if (health.LastSealAt is { } at) data["lastSealAt"] = at.ToString("O");
        return Task.FromResult(health.Healthy
            ? HealthCheckResult.Healthy(health.FailingSince is null ? "sealing" : $"sealing failing since {health.FailingSince:O}, within the bound: {health.LastError}", data)
            : HealthCheckResult.Unhealthy($"no checkpoint sealed since {health.FailingSince:O}: {health.LastError}", data: data));
    }
}
