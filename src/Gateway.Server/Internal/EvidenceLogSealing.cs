using Gateway.EvidenceLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

/// <summary>Runs the log's sealing loop for the life of the process and logs failed seals.</summary>
internal sealed partial class EvidenceLogSealing(SqliteEvidenceLog log, ILogger<EvidenceLogSealing> logger) : BackgroundService
{
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

    private void OnSealFailed(Exception e) => SealFailedMessage(logger, log.Health.LastError ?? e.Message, e is Crypto.TimeStampException ? null : e);

    [LoggerMessage(1, LogLevel.Warning, "evidence log: seal failed: {Reason}")]
    private static partial void SealFailedMessage(ILogger logger, string reason, Exception? exception);
}
