using System.Diagnostics.Metrics;

namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// The log's instruments on the "Gateway.EvidenceLog" meter (readable with dotnet-counters or any
/// OpenTelemetry exporter): entries appended, checkpoints sealed, failed seals by reason, and gauges
/// of the tree size, the sealed size, seconds since the last seal and whether new entries are accepted.
/// </summary>
internal sealed class LogMetrics : IDisposable
{
    public const string MeterName = "Gateway.EvidenceLog";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _appended;
    private readonly Counter<long> _sealed;
    private readonly Counter<long> _failed;

    public LogMetrics(EvidenceLogStore log)
    {
        _appended = _meter.CreateCounter<long>("gateway.evidence_log.appended", "{entry}", "Entries made durable in the log");
        _sealed = _meter.CreateCounter<long>("gateway.evidence_log.checkpoints", "{checkpoint}", "Checkpoints sealed (signed and time-stamped)");
        _failed = _meter.CreateCounter<long>("gateway.evidence_log.seal_failures", "{failure}", "Seals that failed, by reason (e.g. TSA_UNREACHABLE)");
        _meter.CreateObservableGauge("gateway.evidence_log.size", () => log.Health.Size, "{entry}", "Entries folded into the tree");
        _meter.CreateObservableGauge("gateway.evidence_log.sealed_size", () => log.Health.SealedSize, "{entry}", "Entries covered by the newest checkpoint");
        _meter.CreateObservableGauge("gateway.evidence_log.seconds_since_seal",
            () => log.Health.LastSealAt is { } at ? (DateTimeOffset.UtcNow - at).TotalSeconds : double.NaN, "s", "Time since the newest checkpoint was sealed");
        _meter.CreateObservableGauge("gateway.evidence_log.accepting", () => log.Health.Accepting ? 1 : 0, null, "1 while new receipts are accepted, 0 while fail-closed");
    }

    public void Appended() => _appended.Add(1);

    public void Sealed() => _sealed.Add(1);

    public void SealFailed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
