using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.EvidenceLog;

/// <summary>
/// One file that proves a receipt offline (`gw receipt bundle`): the receipt's DER bytes and its
/// <see cref="InclusionEvidence"/>. JSON: {"format": <see cref="FormatId"/>, "receipt": base64 DER,
/// then the fields of `gw log proof --json`}. Verifying it needs the trust anchors (receipt seal,
/// TSAs) and the log's public key, nothing online.
/// </summary>
public sealed record ReceiptBundle(byte[] Receipt, InclusionEvidence Evidence)
{
    public const string FormatId = "https://gateway.example/schemas/receipt-bundle/v1";

    private const int MaxBytes = 16 * 1024 * 1024;

    public byte[] ToJsonBytes()
    {
        var json = new JsonObject { ["format"] = FormatId, ["receipt"] = Convert.ToBase64String(Receipt) };
        foreach (var (name, value) in Evidence.ToJson()) json[name] = value?.DeepClone();
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>A receipt file is DER (starts with 0x30); a bundle is JSON (starts with '{').</summary>
    public static bool LooksLikeBundle(ReadOnlySpan<byte> bytes)
    {
        var trimmed = bytes.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    /// <summary>Reads a bundle; false with a reason when it is not one. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out ReceiptBundle? bundle, out string? error)
    {
        bundle = null;
        error = null;
        if (bytes.Length > MaxBytes)
        {
            error = "the bundle is larger than 16 MiB";
            return false;
        }
        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject json) throw new FormatException("not a JSON object");
            if (json["format"]?.GetValue<string>() != FormatId) throw new FormatException($"format is not {FormatId}");
            var receipt = Convert.FromBase64String(json["receipt"]?.GetValue<string>() ?? throw new FormatException("'receipt' is missing"));
            bundle = new ReceiptBundle(receipt, InclusionEvidence.FromJson(json));
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            error = $"not a receipt bundle: {e.Message}";
            return false;
        }
    }
}
