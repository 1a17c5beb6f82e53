using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.EvidenceLog;

namespace Gateway.Exchange.Cases;

/// <summary>
/// A case file (`gw case export`): everything that shows what happened to one message, verifiable offline
/// by anyone (`gw verify case`, the gateway's /verify page, or by hand with the files and OpenSSL). A ZIP of:
/// <list type="bullet">
/// <item><c>manifest.json</c>: format <see cref="FormatId"/>, the message id, who exported it and when, the document's
/// entry, the receipts' entries, the trust material's entries;</item>
/// <item><c>document/&lt;file name&gt;</c>: the exchanged document, when the exporter could read it;</item>
/// <item><c>receipts/NN-&lt;event&gt;.p7s</c> and <c>.bundle.json</c>: each receipt (DER CMS) and its receipt bundle
/// (inclusion proof, checkpoint and the checkpoint's RFC 3161 token);</item>
/// <item><c>trust/roots.pem</c> and <c>trust/log.vkey</c>: the anchors the exporter trusted and the log's verifier key,
/// for a verifier with nothing of its own; one who has its own pins them instead.</item>
/// </list>
/// </summary>
public static class CaseArchive
{
    public const string FormatId = "https://gateway.example/schemas/case/v1";
    public const string ManifestEntry = "manifest.json";

    // A case is read into memory apart from its document, which is hashed as a stream. Each entry is bounded, and so
    // is their sum: a manifest may name one small, highly compressed entry a thousand times (a ZIP bomb by reference),
    // and the verification page reads cases from anyone.
    private const long MaxSmallEntryBytes = 16 * 1024 * 1024;
    private const long MaxReceiptBytes = 1024 * 1024;
    private const long MaxBundleBytes = 2 * 1024 * 1024;
    // A real case holds a handful of receipts of about 10 KB with their bundles; 16 MiB is room for hundreds.
    private const long MaxCaseBytes = 16 * 1024 * 1024;
    private const int MaxReceipts = 1024;

    public sealed record Receipt(string Event, string ReceiptId, byte[] Der, ReceiptBundle Bundle);

    public sealed record Contents(JsonObject Manifest, IReadOnlyList<Receipt> Receipts, string? DocumentEntry, string? DocumentFileName, byte[] TrustAnchorsPem, string LogVerifierKey);

    /// <summary>Writes the case; <paramref name="writeDocument"/> streams the document into its entry (null: not included).</summary>
    public static async Task WriteAsync(Stream output, string messageId, string exportedBy, IReadOnlyList<Receipt> receipts,
        (string FileName, Func<Stream, Task> Write)? document, byte[] trustAnchorsPem, string logVerifierKey, DateTimeOffset now)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var receiptEntries = new JsonArray();
        for (var i = 0; i < receipts.Count; i++)
        {
            var stem = $"receipts/{i + 1:D2}-{receipts[i].Event}";
            await AddAsync(zip, stem + ".p7s", receipts[i].Der);
            await AddAsync(zip, stem + ".bundle.json", receipts[i].Bundle.ToJsonBytes());
            receiptEntries.Add(new JsonObject
            {
                ["event"] = receipts[i].Event, ["receiptId"] = receipts[i].ReceiptId, ["receipt"] = stem + ".p7s", ["bundle"] = stem + ".bundle.json",
            });
        }
        JsonNode? documentNode = null;
        if (document is { } doc)
        {
            // The name comes from the sender; only its last segment is used, so the entry stays inside document/.
            var name = "document/" + SafeName(doc.FileName);
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            await using (var stream = entry.Open()) await doc.Write(stream);
            documentNode = new JsonObject { ["entry"] = name, ["fileName"] = doc.FileName };
        }
        await AddAsync(zip, "trust/roots.pem", trustAnchorsPem);
        await AddAsync(zip, "trust/log.vkey", Encoding.UTF8.GetBytes(logVerifierKey + "\n"));
        var manifest = new JsonObject
        {
            ["format"] = FormatId,
            ["messageId"] = messageId,
            ["exportedBy"] = exportedBy,
            ["exportedAt"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["document"] = documentNode,
            ["receipts"] = receiptEntries,
            ["trust"] = new JsonObject { ["roots"] = "trust/roots.pem", ["logVerifierKey"] = "trust/log.vkey" },
        };
        await AddAsync(zip, ManifestEntry, Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"));
    }

    /// <summary>Reads a case (not its document); a malformed one is a <see cref="FormatException"/> naming what is wrong.</summary>
    public static Contents Read(ZipArchive zip)
    {
        var budget = MaxCaseBytes;
        var manifest = JsonNode.Parse(ReadSmall(zip, ManifestEntry, MaxSmallEntryBytes, ref budget)) as JsonObject ?? throw new FormatException("manifest.json is not a JSON object");
        if (manifest["format"]?.GetValue<string>() != FormatId) throw new FormatException($"manifest.json: format is not {FormatId}");
        var receipts = new List<Receipt>();
        foreach (var node in manifest["receipts"] as JsonArray ?? throw new FormatException("manifest.json: 'receipts' is missing"))
        {
            if (receipts.Count == MaxReceipts) throw new FormatException($"more than {MaxReceipts} receipts");
            var item = node as JsonObject ?? throw new FormatException("manifest.json: a receipt entry is not an object");
            var der = ReadSmall(zip, Text(item, "receipt"), MaxReceiptBytes, ref budget);
            if (!ReceiptBundle.TryParse(ReadSmall(zip, Text(item, "bundle"), MaxBundleBytes, ref budget), out var bundle, out var error)) throw new FormatException($"{Text(item, "bundle")}: {error}");
            if (!bundle!.Receipt.AsSpan().SequenceEqual(der)) throw new FormatException($"{Text(item, "bundle")} holds another receipt than {Text(item, "receipt")}");
            receipts.Add(new Receipt(Text(item, "event"), Text(item, "receiptId"), der, bundle));
        }
        var document = manifest["document"] as JsonObject;
        var trust = manifest["trust"] as JsonObject ?? throw new FormatException("manifest.json: 'trust' is missing");
        return new Contents(manifest, receipts, document is null ? null : Text(document, "entry"), document is null ? null : Text(document, "fileName"),
            ReadSmall(zip, Text(trust, "roots"), MaxSmallEntryBytes, ref budget),
            Encoding.UTF8.GetString(ReadSmall(zip, Text(trust, "logVerifierKey"), MaxSmallEntryBytes, ref budget)).Trim());
    }

    public static Stream OpenEntry(ZipArchive zip, string name) =>
        (zip.GetEntry(name) ?? throw new FormatException($"{name} is missing from the case")).Open();

    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? "document" : name;
    }

    private static string Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"manifest.json: '{name}' is missing");

    /// <summary>An entry of at most <paramref name="max"/> bytes, charged to <paramref name="budget"/> (what is left for the whole case).</summary>
    private static byte[] ReadSmall(ZipArchive zip, string name, long max, ref long budget)
    {
        var entry = zip.GetEntry(name) ?? throw new FormatException($"{name} is missing from the case");
        if (entry.Length > max) throw new FormatException($"{name} is larger than {max} bytes");
        if (entry.Length > budget) throw new FormatException($"the case's entries add up to more than {MaxCaseBytes} bytes");
        using var stream = entry.Open();
        // Sized by the claimed length (already bounded), so that growing the buffer does not double what an entry costs.
        using var buffer = new MemoryStream((int)Math.Min(entry.Length, max));
        // Length is what the archive claims; the copy is bounded too, in case it lies.
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > max) throw new FormatException($"{name} is larger than {max} bytes");
            if (buffer.Length + read > budget) throw new FormatException($"the case's entries add up to more than {MaxCaseBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        budget -= buffer.Length;
        return buffer.ToArray();
    }

    private static async Task AddAsync(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(bytes);
    }
}
