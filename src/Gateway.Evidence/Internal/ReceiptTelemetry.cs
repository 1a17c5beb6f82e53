using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Evidence.Internal;

/// <summary>
/// The receipt issuer's span ("gateway.issue_receipt", on the "Gateway" activity source shared by the
/// gateway's libraries) and its instruments on the "Gateway.Evidence" meter. Static: a receipt is
/// issued by many short-lived <see cref="ReceiptIssuer"/> users, and the counts are the process's.
/// </summary>
internal static class ReceiptTelemetry
{
    public const string ActivitySourceName = "Gateway";
    public const string MeterName = "Gateway.Evidence";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    private static readonly Meter Meter = new(MeterName);

    // Labelled by event only (four values): a receipt or message id as a label would grow without bound.
    private static readonly Counter<long> Issued = Meter.CreateCounter<long>("gateway.receipts.issued", "{receipt}",
        "Receipts sealed (signed and time-stamped), by event");

    private static readonly Histogram<double> SealDuration = Meter.CreateHistogram<double>("gateway.receipt.seal.duration", "s",
        "Time to seal one receipt: the CAdES signature by the seal key and its RFC 3161 time-stamp, by event and outcome");

    public static void Sealed(ReceiptEvent @event, TimeSpan elapsed, bool succeeded)
    {
        var eventTag = new KeyValuePair<string, object?>("event", @event.ToString());
        SealDuration.Record(elapsed.TotalSeconds, eventTag, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "error"));
        if (succeeded) Issued.Add(1, eventTag);
    }
}
