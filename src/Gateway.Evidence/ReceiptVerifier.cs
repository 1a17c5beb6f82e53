using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Crypto;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence;

/// <summary>
/// Verifies a receipt offline: the CAdES signature, its time-stamp (mandatory: a receipt without a
/// trusted time proves nothing about when), the chain to the given trust anchors, that the signer is
/// a gateway seal, and that the content is a receipt of the known schema. Never throws on malformed input.
/// </summary>
public static class ReceiptVerifier
{
    public static ReceiptVerification Verify(ReadOnlySpan<byte> der, TrustStore trust, ReceiptVerifierOptions? options = null)
    {
        options ??= ReceiptVerifierOptions.Default;
        var signature = CadesVerifier.Verify(der, trust, requireTimeStamp: true);
        if (!signature.Valid) return new ReceiptVerification { Signature = signature };

        if (signature.SignerCertificate is not { } signer || !IsSeal(signer, options))
        {
            return Refuse(signature, SubIndications.SigConstraintsFailure,
                $"the signer '{signature.SignerCertificate?.Subject}' is not a gateway receipt seal (no accepted certificate policy or pinned certificate)");
        }
        if (signature.Content is null) return Refuse(signature, SubIndications.FormatFailure, "the CMS has no encapsulated receipt content");

        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(signature.Content);
        }
        catch (DecoderFallbackException)
        {
            return Refuse(signature, SubIndications.FormatFailure, "the receipt content is not UTF-8");
        }

        try
        {
            var content = ReceiptJson.Deserialize(signature.Content);
            if (ReceiptSchemas.Check(content) is { } schemaError)
                return Refuse(signature, SubIndications.FormatFailure, schemaError) with { Json = json };
            return new ReceiptVerification { Signature = signature, Content = content, Json = json };
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return Refuse(signature, SubIndications.FormatFailure, $"the receipt content is not a receipt: {e.Message}") with { Json = json };
        }
    }

    private static bool IsSeal(System.Security.Cryptography.X509Certificates.X509Certificate2 signer, ReceiptVerifierOptions options) =>
        CertificatePolicies.Of(signer).Any(options.SealPolicies.Contains)
        || options.SealCertificates.Contains(Convert.ToHexStringLower(SHA256.HashData(signer.RawData)), StringComparer.OrdinalIgnoreCase);

    private static ReceiptVerification Refuse(CadesVerificationResult signature, string subIndication, string error) =>
        new() { Signature = signature, Errors = [error], ReceiptSubIndication = subIndication };

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
