using Gateway.EvidenceLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

/// <summary>Runs the log's sealing loop for the life of the process and logs failed seals.</summary>
internal sealed partial class EvidenceLogSealing(EvidenceLogStore log, ILogger<EvidenceLogSealing> logger) : BackgroundService
{
    // Sealing retries every interval (1 s): during an outage, say so when it starts, when the reason
    // changes, and then once a minute, rather than on every retry.
    private static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(1);
    private string? _lastReason;
    private DateTimeOffset _lastLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.SealFailed += OnSealFailed;
        try
        {
            await log.RunAsync(stoppingToken);
        }
        finally
        {
            log.SealFailed -= OnSealFailed;
        }
    }

    private void OnSealFailed(Exception e)
    {
        var health = log.Health;
        var reason = health.LastError ?? e.Message;
        var now = DateTimeOffset.UtcNow;
        if (reason == _lastReason && now - _lastLogged < RepeatEvery) return;
        _lastReason = reason;
        _lastLogged = now;
        SealFailedMessage(logger, reason, health.FailingSince, health.Healthy ? "within the outage bound" : "beyond the outage bound",
            e is Crypto.TimeStampException ? null : e);
    }

    [LoggerMessage(1, LogLevel.Warning, "evidence log: seal failed ({Reason}); failing since {Since:O}, {Bound}")]
    private static partial void SealFailedMessage(ILogger logger, string reason, DateTimeOffset? since, string bound, Exception? exception);
}
