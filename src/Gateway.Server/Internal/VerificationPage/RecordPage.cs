using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// The <c>/v/{id}</c> page, rendered on the server from <see cref="PublicRecords"/> (so it shows with scripts off, and a
/// missing id is a real 404); its script only hashes a dropped file in the browser and compares digests.
/// </summary>
internal static class RecordPage
{
    public static string Render(string id, JsonObject record)
    {
        var rows = new StringBuilder();
        var isMessage = (string?)record["kind"] == "message";
        Row(rows, isMessage ? "รหัสข้อความ" : "รหัสใบตอบรับ", isMessage ? "Message id" : "Receipt id", id);
        AppendRecord(rows, record, isMessage);
        if (record["receipts"] is JsonArray receipts)
        {
            foreach (var receipt in receipts.OfType<JsonObject>())
            {
                rows.Append("<tr class=\"sub\"><th colspan=\"2\">ใบตอบรับ / Receipt ").Append(Encode((string?)receipt["event"])).Append("</th></tr>");
                Row(rows, "รหัสใบตอบรับ", "Receipt id", (string?)receipt["receiptId"]);
                AppendRecord(rows, receipt, isMessage: false);
            }
        }
        var sha256 = (string?)record["document"]?["sha256"] ?? "";
        return PageAssets.Text("record.html")
            .Replace("{{ID}}", Encode(id), StringComparison.Ordinal)
            .Replace("{{SHA256}}", Encode(sha256), StringComparison.Ordinal)
            .Replace("{{ROWS}}", rows.ToString(), StringComparison.Ordinal);
    }

    public static string NotFound(string id) => PageAssets.Text("not-found.html").Replace("{{ID}}", Encode(id), StringComparison.Ordinal);

    private static void AppendRecord(StringBuilder rows, JsonObject record, bool isMessage)
    {
        if (!isMessage)
        {
            Row(rows, "เหตุการณ์", "Event", (string?)record["event"]);
            Row(rows, "รหัสข้อความ", "Message id", (string?)record["messageId"]);
        }
        Row(rows, "ผู้ส่ง", "Sender", (string?)record["sender"]);
        Row(rows, "ผู้รับ", "Recipient", (string?)record["recipient"]);
        if (record["document"] is JsonObject document)
        {
            Row(rows, "ค่าแฮช SHA-256 ของเอกสาร", "Document SHA-256", (string?)document["sha256"], "digest");
            Row(rows, "ขนาด", "Size", string.Create(CultureInfo.InvariantCulture, $"{(long?)document["size"]:N0} bytes"));
            Row(rows, "ชนิด", "Media type", (string?)document["mediaType"]);
        }
        Row(rows, "เวลาของเกตเวย์", "Gateway time", $"{(string?)record["gatewayTimeThai"]} — {(string?)record["gatewayTime"]}");
        Row(rows, "เวลาตามตราประทับเวลา", "Time-stamp time", (string?)record["timeStampTime"]);
        Row(rows, "ระดับ", "Level", (string?)record["level"]);
        if (record["log"] is JsonObject log)
            Row(rows, "ตำแหน่งในบันทึกหลักฐาน", "Evidence log position", string.Create(CultureInfo.InvariantCulture, $"leaf {(long?)log["leafIndex"]} of {(string?)log["origin"]}"));
    }

    private static void Row(StringBuilder rows, string thai, string english, string? value, string? cssClass = null)
    {
        if (string.IsNullOrEmpty(value)) return;
        rows.Append("<tr><th><span lang=\"th\">").Append(Encode(thai)).Append("</span><br><span lang=\"en\">").Append(Encode(english))
            .Append("</span></th><td").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append('>').Append(Encode(value)).Append("</td></tr>");
    }

    // Thai stays readable in the source; the characters HTML gives meaning to (&lt; &amp; quotes) are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Encode(string? text) => Encoder.Encode(text ?? "");
}
