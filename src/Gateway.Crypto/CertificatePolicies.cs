using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto;

/// <summary>
/// Certificate policies (RFC 5280 §4.2.1.4) the gateway gives meaning to. A receipt is only a
/// receipt when its signer is a gateway seal: any other certificate under the same root (an
/// agency's signing key, say) could otherwise sign a JSON that looks like one.
/// </summary>
public static class CertificatePolicies
{
    /// <summary>The development PKI's policy for gateway receipt seals (a 2.25 UUID OID: no registration needed).</summary>
    public const string GatewayReceiptSeal = "2.25.82690633285368970356320120758612205703";

    /// <summary>RFC 5280 anyPolicy, for CA certificates.</summary>
    public const string AnyPolicy = "2.5.29.32.0";

    private const string ExtensionOid = "2.5.29.32";

    public static X509Extension Extension(params string[] policyOids)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var oid in policyOids)
            {
                using (writer.PushSequence()) writer.WriteObjectIdentifier(oid);
            }
        }
        return new X509Extension(ExtensionOid, writer.Encode(), critical: false);
    }

    /// <summary>The policy OIDs a certificate names; empty when it has none or the extension is malformed.</summary>
    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[ExtensionOid];
        if (extension is null) return [];
        try
        {
            var policies = new List<string>();
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var information = sequence.ReadSequence();
                policies.Add(information.ReadObjectIdentifier());
            }
            return policies;
        }
        catch (AsnContentException)
        {
            return [];
        }
        catch (CryptographicException)
        {
            return [];
        }
    }
}
