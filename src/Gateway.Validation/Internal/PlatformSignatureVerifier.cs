using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Validation.Internal;

/// <summary>
/// Verifies RSA PKCS#1 v1.5 and ECDSA signature values with the platform's cryptography (OpenSSL here): an
/// order of magnitude faster than BouncyCastle's managed arithmetic on large RSA keys and Brainpool curves.
/// Anything else (RSA-PSS parameters, EdDSA, unknown OIDs) is left to BouncyCastle.
/// </summary>
internal static class PlatformSignatureVerifier
{
    /// <returns>null when the platform path does not apply; otherwise whether the signature verifies.</returns>
    public static bool? TryVerify(X509Certificate2 certificate, string signatureOid, string digestOid, byte[] hash, byte[] signature)
    {
        if (HashName(digestOid) is not { } hashName) return null;
        try
        {
            switch (Family(signatureOid))
            {
                case "rsa":
                    using (var rsa = certificate.GetRSAPublicKey())
                        return rsa?.VerifyHash(hash, signature, hashName, RSASignaturePadding.Pkcs1);
                case "ecdsa":
                    using (var ecdsa = certificate.GetECDsaPublicKey())
                        return ecdsa?.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence);
                case "plain-ecdsa":
                    using (var ecdsa = certificate.GetECDsaPublicKey())
                        return ecdsa?.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                default:
                    return null;
            }
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string? Family(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.11"
            or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13" or "1.2.840.113549.1.1.14" => "rsa",
        "1.2.840.10045.2.1" or "1.2.840.10045.4.1" or "1.2.840.10045.4.3.1" or "1.2.840.10045.4.3.2"
            or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4" => "ecdsa",
        _ when oid.StartsWith("0.4.0.127.0.7.1.1.4.1.", StringComparison.Ordinal) => "plain-ecdsa",
        _ => null,
    };

    private static HashAlgorithmName? HashName(string oid) => oid switch
    {
        "1.2.840.113549.2.5" => HashAlgorithmName.MD5,
        "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
