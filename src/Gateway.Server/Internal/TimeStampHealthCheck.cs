using System.Security.Cryptography;
using Gateway.Crypto;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Internal;

/// <summary>
/// Ready while the receipt TSA returns a token for a fixed digest. No receipt is issued without a
/// time-stamp, so a TSA that does not answer makes the exchange not ready. At most one request per
/// <see cref="ObservabilityOptions.TsaCheckInterval"/>: an external TSA may bill or throttle per request.
/// </summary>
internal sealed class TimeStampHealthCheck : IHealthCheck
{
    public const string Name = "tsa";

    private static readonly byte[] Probe = SHA256.HashData("gateway readiness: tsa"u8);

    private readonly CachedHealthProbe _probe;

    public TimeStampHealthCheck(ITimeStampSource timeStamps, ObservabilityOptions options, TimeProvider clock)
    {
        _probe = new CachedHealthProbe(async ct =>
        {
            try
            {
                var token = await timeStamps.GetTokenAsync(Probe, HashAlgorithmName.SHA256, ct).ConfigureAwait(false);
                return HealthCheckResult.Healthy($"the TSA answered ({token.Length} bytes)");
            }
            catch (TimeStampException e)
            {
                return HealthCheckResult.Unhealthy($"{e.Reason}: {e.Message}", e, new Dictionary<string, object> { ["reason"] = e.Reason });
            }
        }, options.TsaCheckInterval, TimeSpan.FromSeconds(30), clock);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _probe.GetAsync(cancellationToken);
}
