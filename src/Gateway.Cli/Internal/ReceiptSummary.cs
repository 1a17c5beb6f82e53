using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Internal;

/// <summary>A receipt in a few lines people read: what, which document, when (UTC and Thai Buddhist-era date).</summary>
internal static class ReceiptSummary
{
    public static void Write(TextWriter output, Api.V1.Receipt receipt)
    {
        output.WriteLine($"  receipt     {receipt.ReceiptId} ({Event(receipt.Event)})");
        if (receipt.MessageId.Length > 0) output.WriteLine($"  message     {receipt.MessageId}");
        output.WriteLine($"  from → to   {receipt.SenderAgency} → {(receipt.RecipientAgency.Length > 0 ? receipt.RecipientAgency : "-")}");
        if (receipt.DocumentSha256.Length > 0) output.WriteLine($"  document    sha256:{receipt.DocumentSha256} ({receipt.DocumentSize} bytes)");
        if (receipt.Time is not null) output.WriteLine($"  gateway     {When(receipt.Time.ToDateTimeOffset())}");
        if (receipt.TimestampTime is not null) output.WriteLine($"  time-stamp  {When(receipt.TimestampTime.ToDateTimeOffset())}");
        if (receipt.RejectionReason.Length > 0) output.WriteLine($"  rejected    {receipt.RejectionReason}: {receipt.RejectionMessage}");
    }

    /// <summary>The same facts for scripts (`--json`): stable names, UTC times, and where the receipt was written.</summary>
    public static JsonObject ToJson(Api.V1.Receipt receipt, string? writtenTo = null) => new()
    {
        ["receiptId"] = receipt.ReceiptId,
        ["event"] = Event(receipt.Event),
        ["messageId"] = NullIfEmpty(receipt.MessageId),
        ["sender"] = receipt.SenderAgency,
        ["recipient"] = NullIfEmpty(receipt.RecipientAgency),
        ["documentSha256"] = NullIfEmpty(receipt.DocumentSha256),
        ["documentSize"] = receipt.DocumentSha256.Length > 0 ? receipt.DocumentSize : null,
        ["gatewayTime"] = receipt.Time?.ToDateTimeOffset().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["timestampTime"] = receipt.TimestampTime?.ToDateTimeOffset().UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["rejection"] = receipt.RejectionReason.Length > 0 ? new JsonObject { ["reason"] = receipt.RejectionReason, ["message"] = receipt.RejectionMessage } : null,
        ["file"] = writtenTo,
    };

    /// <summary>Writes one JSON document: what a `--json` command prints, and all it prints on standard output.</summary>
    public static Task WriteJsonAsync(TextWriter output, JsonNode json) =>
        output.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public static string Event(Api.V1.ReceiptEvent value) => value switch
    {
        Api.V1.ReceiptEvent.SubmissionAcceptance => "SubmissionAcceptance",
        Api.V1.ReceiptEvent.SubmissionRejection => "SubmissionRejection",
        Api.V1.ReceiptEvent.ContentHandover => "ContentHandover",
        Api.V1.ReceiptEvent.DocumentSigned => "DocumentSigned",
        _ => "unknown",
    };

    /// <summary>ISO 8601 UTC, then the same instant as Thais date documents: Buddhist era, Bangkok time.</summary>
    public static string When(DateTimeOffset time)
    {
        var bangkok = time.ToOffset(TimeSpan.FromHours(7));
        var thai = new CultureInfo("th-TH");
        return $"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ({bangkok.ToString("d MMMM yyyy HH:mm:ss", thai)} น.)";
    }
}
