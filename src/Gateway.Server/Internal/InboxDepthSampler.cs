using Gateway.Exchange;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

/// <summary>
/// Reads the number of unacknowledged messages every <see cref="ObservabilityOptions.QueueSampleInterval"/>
/// for the "gateway.inbox.unacknowledged" gauge. Sampled in the background rather than counted in the
/// scrape: a gauge callback is synchronous, and a scrape should never wait for the database.
/// </summary>
internal sealed partial class InboxDepthSampler(IExchangeStore store, ServerTelemetry telemetry, ObservabilityOptions options, ILogger<InboxDepthSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.QueueSampleInterval);
        do
        {
            try
            {
                telemetry.Unacknowledged(await store.CountUnacknowledgedAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database check reports an outage; the gauge keeps its last value rather than a false zero.
                SampleFailed(logger, e);
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "could not count unacknowledged messages")]
    private static partial void SampleFailed(ILogger logger, Exception exception);
}
