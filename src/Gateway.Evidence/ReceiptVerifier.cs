using System.Text;
using System.Text.Json;
using Gateway.Crypto;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence;

/// <summary>
/// Verifies a receipt offline: the CAdES signature, its time-stamp (mandatory: a receipt without a
/// trusted time proves nothing about when), the chain to the given trust anchors, and that the
/// content is a receipt of the known schema. Never throws on malformed input.
/// </summary>
public static class ReceiptVerifier
{
    public static ReceiptVerification Verify(ReadOnlySpan<byte> der, TrustStore trust)
    {
        var signature = CadesVerifier.Verify(der, trust, requireTimeStamp: true);
        if (signature.Content is null)
        {
            return new ReceiptVerification { Signature = signature, Errors = signature.Valid ? ["the CMS has no encapsulated receipt content"] : [] };
        }

        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(signature.Content);
        }
        catch (DecoderFallbackException)
        {
            return new ReceiptVerification { Signature = signature, Errors = ["the receipt content is not UTF-8"] };
        }

        try
        {
            var content = ReceiptJson.Deserialize(signature.Content);
            if (content.Schema != ReceiptContent.SchemaId)
            {
                return new ReceiptVerification { Signature = signature, Json = json, Errors = [$"unknown receipt schema '{content.Schema}'"] };
            }
            return new ReceiptVerification { Signature = signature, Content = content, Json = json };
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return new ReceiptVerification { Signature = signature, Json = json, Errors = [$"the receipt content is not a receipt: {e.Message}"] };
        }
    }

    /// <summary>The receipt's content, JSON and time-stamp time without verifying anything; null when unreadable.</summary>
    public static ParsedReceipt? Parse(byte[] der)
    {
        var (bytes, time) = ReceiptCms.Read(der);
        if (bytes is null) return null;
        try
        {
            var json = new UTF8Encoding(false, true).GetString(bytes);
            return new ParsedReceipt(ReceiptJson.Deserialize(bytes), json, time);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException or DecoderFallbackException)
        {
            return null;
        }
    }
}
