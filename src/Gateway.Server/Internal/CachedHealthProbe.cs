using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Internal;

/// <summary>
/// Runs a probe at most once per <c>interval</c> and hands every caller in between the same result (or
/// the same probe in flight), so that readiness polled by the gRPC health service, the health publisher
/// and HTTP probes together still costs one database query, one signature or one TSA request.
/// </summary>
internal sealed class CachedHealthProbe(Func<CancellationToken, Task<HealthCheckResult>> probe, TimeSpan interval, TimeSpan timeout, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _current;
    private DateTimeOffset _startedAt;

    public Task<HealthCheckResult> GetAsync(CancellationToken cancellationToken)
    {
        Task<HealthCheckResult> current;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_current is null || (_current.IsCompleted && now - _startedAt >= interval))
            {
                _startedAt = now;
                _current = RunAsync();
            }
            current = _current;
        }
        // The probe is shared, so one caller giving up must not cancel it for the others.
        return current.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> RunAsync()
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            return await probe(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
