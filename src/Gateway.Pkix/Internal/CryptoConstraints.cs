using Gateway.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Pkix.Internal;

/// <summary>
/// ETSI EN 319 102-1 §5.2.8 in its simplest form: algorithms broken for signatures fail the chain, weak ones warn.
/// The anchor's self-signature is not judged: trust in an anchor comes from configuration, not from that signature.
/// </summary>
internal static class CryptoConstraints
{
    private const int RecommendedRsaBits = 2048;

    private static readonly Dictionary<string, string> Broken = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = "MD2 with RSA",
        ["1.2.840.113549.1.1.3"] = "MD4 with RSA",
        ["1.2.840.113549.1.1.4"] = "MD5 with RSA",
    };

    private static readonly Dictionary<string, string> Weak = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.5"] = "SHA-1 with RSA",
        ["1.3.14.3.2.29"] = "SHA-1 with RSA",
        ["1.2.840.10045.4.1"] = "ECDSA with SHA-1",
        ["1.2.840.10040.4.3"] = "DSA with SHA-1",
    };

    private const string Md5 = "1.2.840.113549.2.5";
    private const string Sha1 = "1.3.14.3.2.26";

    public static void Check(BuiltPath path, int minimumRsaBits, Findings findings)
    {
        var certificates = path.Certificates;
        // Each signature checked on the path is made by the next certificate's key, so every key counts; only the
        // last certificate's own signature is not part of the path (a self-signed anchor, or unverified).
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            if (i < certificates.Count - 1)
            {
                CheckSignatureAlgorithm(certificate, findings);
            }

            if (RsaModulusBits(certificate) is { } bits)
            {
                if (bits < minimumRsaBits)
                {
                    findings.Fail(Indication.Indeterminate, SubIndications.CryptoConstraintsFailure,
                        $"'{certificate.Name}' has a {bits}-bit RSA key; at least {minimumRsaBits} bits are required.");
                }
                else if (bits < RecommendedRsaBits)
                {
                    findings.Warn($"'{certificate.Name}' has a {bits}-bit RSA key (below {RecommendedRsaBits} bits).");
                }
            }
        }
    }

    private static void CheckSignatureAlgorithm(ParsedCertificate certificate, Findings findings)
    {
        var oid = certificate.Bc.SigAlgOid;
        if (Broken.TryGetValue(oid, out var broken))
        {
            findings.Fail(Indication.Indeterminate, SubIndications.CryptoConstraintsFailure,
                $"'{certificate.Name}' is signed with {broken}, which is broken.");
            return;
        }

        if (Weak.TryGetValue(oid, out var weak))
        {
            findings.Warn($"'{certificate.Name}' is signed with {weak}.");
            return;
        }

        if (oid == PkcsObjectIdentifiers.IdRsassaPss.Id)
        {
            string? hash;
            try
            {
                var parameters = certificate.Bc.GetSigAlgParams() is { } der ? RsassaPssParameters.GetInstance(Asn1Object.FromByteArray(der)) : null;
                hash = parameters?.HashAlgorithm.Algorithm.Id ?? Sha1;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The signature verified, so BouncyCastle read these parameters once; unreadable here means unusual.
                hash = null;
            }

            if (hash == Md5)
            {
                findings.Fail(Indication.Indeterminate, SubIndications.CryptoConstraintsFailure,
                    $"'{certificate.Name}' is signed with RSASSA-PSS over MD5, which is broken.");
            }
            else if (hash == Sha1)
            {
                findings.Warn($"'{certificate.Name}' is signed with RSASSA-PSS over SHA-1.");
            }
        }
    }

    /// <summary>Read from the SubjectPublicKeyInfo without BouncyCastle's key validation (a primality test per read).</summary>
    private static int? RsaModulusBits(ParsedCertificate certificate)
    {
        try
        {
            var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(certificate.SubjectPublicKeyInfo);
            if (!Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.RsaEncryption.Equals(info.Algorithm.Algorithm)) return null;
            return Org.BouncyCastle.Asn1.X509.RsaPublicKeyStructure.GetInstance(info.ParsePublicKey()).Modulus.BitLength;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
