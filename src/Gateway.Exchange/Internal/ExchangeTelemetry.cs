using System.Diagnostics;

namespace Gateway.Exchange.Internal;

/// <summary>
/// The exchange's spans on the "Gateway" activity source (the name every gateway library uses, so
/// that one AddSource("Gateway") traces a submission end to end) and the tag names they carry.
/// </summary>
internal static class ExchangeTelemetry
{
    public const string ActivitySourceName = "Gateway";

    public const string MessageId = "gateway.message_id";
    public const string ReceiptId = "gateway.receipt_id";
    public const string SenderAgency = "gateway.sender_agency";
    public const string RecipientAgency = "gateway.recipient_agency";
    public const string Replayed = "gateway.replayed";
    public const string Reason = "gateway.reason";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Marks the span failed with the refusal's stable reason (or the exception's type), never its message: that may echo input.</summary>
    public static void Failed(Activity? activity, Exception e)
    {
        if (activity is null) return;
        var reason = e is ExchangeException refusal ? refusal.Reason : e.GetType().Name;
        activity.SetTag(Reason, reason);
        activity.SetStatus(ActivityStatusCode.Error, reason);
    }
}
