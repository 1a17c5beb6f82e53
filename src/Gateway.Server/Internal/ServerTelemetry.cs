using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Gateway.Server.Internal;

/// <summary>
/// The server's instruments on the "Gateway.Server" meter and its spans on the "Gateway" activity source.
/// Every label has a bounded set of values (method names, status codes, purposes): never a message,
/// receipt or agency id, which would make a new series per message.
/// </summary>
internal sealed class ServerTelemetry : IDisposable
{
    public const string MeterName = "Gateway.Server";
    public const string ActivitySourceName = "Gateway";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _tsaDuration;
    private readonly Histogram<double> _signDuration;
    private long _unacknowledged = -1;

    public ServerTelemetry()
    {
        _requests = _meter.CreateCounter<long>("gateway.rpc.server.requests", "{request}", "gRPC calls handled, by method and final status code");
        _requestDuration = _meter.CreateHistogram<double>("gateway.rpc.server.duration", "s", "Duration of gRPC calls, by method and final status code");
        _tsaDuration = _meter.CreateHistogram<double>("gateway.tsa.duration", "s",
            "Time to obtain one RFC 3161 time-stamp token, by purpose (receipt, checkpoint, readiness) and outcome");
        _signDuration = _meter.CreateHistogram<double>("gateway.seal.sign.duration", "s", "Time for the seal key to sign one digest, by outcome");
        // -1 until the first sample, reported as no value rather than a false zero.
        _meter.CreateObservableGauge("gateway.inbox.unacknowledged", ObserveUnacknowledged, "{message}",
            "Messages stored and not yet acknowledged by their recipient, all agencies together (sampled)");
    }

    /// <summary>The SQLite group-commit queue's length, when the gateway runs on SQLite.</summary>
    public void ObserveWriteQueue(Func<int> pending) =>
        _meter.CreateObservableGauge("gateway.db.write_queue.length", pending, "{write}", "Writes waiting for the next SQLite group commit");

    public void RequestCompleted(string method, StatusCode status, TimeSpan elapsed)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.grpc.status_code", status.ToString() } };
        _requests.Add(1, tags);
        _requestDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void TimeStamped(string purpose, TimeSpan elapsed, bool succeeded) =>
        _tsaDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("purpose", purpose), Outcome(succeeded));

    public void Signed(TimeSpan elapsed, bool succeeded) => _signDuration.Record(elapsed.TotalSeconds, Outcome(succeeded));

    public void Unacknowledged(long count) => Interlocked.Exchange(ref _unacknowledged, count);

    private IEnumerable<Measurement<long>> ObserveUnacknowledged()
    {
        var count = Interlocked.Read(ref _unacknowledged);
        return count < 0 ? [] : [new Measurement<long>(count)];
    }

    private static KeyValuePair<string, object?> Outcome(bool succeeded) => new("outcome", succeeded ? "ok" : "error");

    public void Dispose() => _meter.Dispose();
}
