using Gateway.Exchange;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Internal;

/// <summary>Ready while the exchange store answers a trivial query (<see cref="IExchangeStore.PingAsync"/>).</summary>
internal sealed class DatabaseHealthCheck : IHealthCheck
{
    public const string Name = "database";

    private readonly CachedHealthProbe _probe;

    public DatabaseHealthCheck(IExchangeStore store, ObservabilityOptions options, TimeProvider clock)
    {
        _probe = new CachedHealthProbe(async ct =>
        {
            await store.PingAsync(ct).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the exchange store answers");
        }, options.ReadinessCacheTime, TimeSpan.FromSeconds(5), clock);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _probe.GetAsync(cancellationToken);
}
