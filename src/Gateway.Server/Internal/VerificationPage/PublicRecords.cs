using System.Text.Json.Nodes;
using Gateway.Evidence;
using Gateway.Exchange;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// What anyone with a link may see of a receipt or message: digest, size, media type, parties, times, level and log position.
/// Never the file name, subject, service, rejection text or the bytes: those can say what the document is about, and the
/// page must not tell someone who does not hold the file more than that a file with this digest was exchanged.
/// </summary>
internal static class PublicRecords
{
    public static JsonObject Receipt(ReceiptContent content, DateTimeOffset? timeStampTime) => new()
    {
        ["receiptId"] = content.ReceiptId,
        ["event"] = content.Event.ToString(),
        ["messageId"] = content.MessageId,
        ["sender"] = content.Sender.Agency,
        ["recipient"] = content.Recipient?.Agency,
        ["document"] = content.Document is { } d ? Document(d.Sha256, d.Size, d.MediaType) : null,
        ["gatewayTime"] = ThaiCalendar.Iso(content.GatewayTime),
        ["gatewayTimeThai"] = ThaiCalendar.Format(content.GatewayTime),
        ["timeStampTime"] = ThaiCalendar.Iso(timeStampTime),
        ["gatewayId"] = content.GatewayId,
        // A DocumentSigned receipt names the signature's level; an exchange receipt the case's graded level.
        ["level"] = content.Signature?.Level ?? content.Grade?.Level,
        ["log"] = content.Log is { } log ? new JsonObject { ["origin"] = log.Origin, ["leafIndex"] = log.LeafIndex } : null,
    };

    public static JsonObject Message(MessageRecord message, IEnumerable<JsonObject> receipts) => new()
    {
        ["messageId"] = message.MessageId,
        ["sender"] = message.SenderAgency,
        ["recipient"] = message.RecipientAgency,
        ["document"] = Document(message.DocumentSha256, message.DocumentSize, message.MediaType),
        ["gatewayTime"] = ThaiCalendar.Iso(message.SubmittedAt),
        ["gatewayTimeThai"] = ThaiCalendar.Format(message.SubmittedAt),
        ["acknowledgedAt"] = ThaiCalendar.Iso(message.AcknowledgedAt),
        ["receipts"] = new JsonArray([.. receipts]),
    };

    private static JsonObject Document(string sha256, long size, string mediaType) => new()
    {
        ["sha256"] = sha256.ToLowerInvariant(),
        ["size"] = size,
        ["mediaType"] = mediaType,
    };
}
