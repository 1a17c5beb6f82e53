using System.Security.Cryptography;

namespace Gateway.Crypto;

/// <summary>
/// Verifies RSA PKCS#1 v1.5 and ECDSA signature values with the platform's cryptography (OpenSSL on Linux). BouncyCastle
/// verifies the same signatures correctly but checks every RSA modulus it reads (a primality test) and does its
/// arithmetic in managed code: over a chain, a DSS full of certificates and CRLs, that is the difference between
/// milliseconds and seconds. Anything else (RSA-PSS parameters, EdDSA, unknown OIDs) gets null and is left to
/// BouncyCastle by the caller.
/// </summary>
public static class PlatformSignatures
{
    /// <summary>null when the platform path does not apply; otherwise whether <paramref name="signature"/> verifies over <paramref name="data"/>.</summary>
    /// <param name="subjectPublicKeyInfo">The signer's DER SubjectPublicKeyInfo.</param>
    /// <param name="signatureOid">A combined algorithm that names its digest (sha256WithRSAEncryption, ecdsa-with-SHA384, ...).</param>
    public static bool? TryVerifyData(ReadOnlySpan<byte> subjectPublicKeyInfo, string signatureOid, byte[] data, byte[] signature)
    {
        if (Combined(signatureOid) is not var (family, digestOid) || HashName(digestOid) is not { } hash) return null;
        return Verify(subjectPublicKeyInfo, family, signature, (rsa, s) => rsa.VerifyData(data, s, hash, RSASignaturePadding.Pkcs1),
            (ecdsa, s, format) => ecdsa.VerifyData(data, s, hash, format));
    }

    /// <summary>As <see cref="TryVerifyData"/> for a hash already computed with <paramref name="digestOid"/>; <paramref name="signatureOid"/> may be rsaEncryption or ecPublicKey.</summary>
    public static bool? TryVerifyHash(ReadOnlySpan<byte> subjectPublicKeyInfo, string signatureOid, string digestOid, byte[] hash, byte[] signature)
    {
        if (HashName(digestOid) is not { } name) return null;
        var family = Combined(signatureOid)?.Family ?? signatureOid switch
        {
            "1.2.840.113549.1.1.1" => Family.Rsa,
            "1.2.840.10045.2.1" => Family.Ecdsa,
            _ => (Family?)null,
        };
        if (family is not { } f) return null;
        return Verify(subjectPublicKeyInfo, f, signature, (rsa, s) => rsa.VerifyHash(hash, s, name, RSASignaturePadding.Pkcs1),
            (ecdsa, s, format) => ecdsa.VerifyHash(hash, s, format));
    }

    private enum Family { Rsa, Ecdsa, PlainEcdsa }

    // Importing a key costs more than verifying with it, and a validation verifies with the same few CA keys again
    // and again. One small cache per thread: the platform's key objects are not documented as thread-safe.
    [ThreadStatic]
    private static Dictionary<string, AsymmetricAlgorithm>? t_keys;

    private static bool? Verify(ReadOnlySpan<byte> spki, Family family, byte[] signature, Func<RSA, byte[], bool> rsaVerify, Func<ECDsa, byte[], DSASignatureFormat, bool> ecdsaVerify)
    {
        try
        {
            var keys = t_keys ??= [];
            var id = (family == Family.Rsa ? "r" : "e") + Convert.ToBase64String(spki);
            if (!keys.TryGetValue(id, out var key))
            {
                if (keys.Count >= 256)
                {
                    foreach (var old in keys.Values) old.Dispose();
                    keys.Clear();
                }

                AsymmetricAlgorithm created = family == Family.Rsa ? RSA.Create() : ECDsa.Create();
                try
                {
                    if (created is RSA r) r.ImportSubjectPublicKeyInfo(spki, out _);
                    else ((ECDsa)created).ImportSubjectPublicKeyInfo(spki, out _);
                }
                catch
                {
                    created.Dispose();
                    throw;
                }

                keys[id] = key = created;
            }

            return key is RSA rsa
                ? rsaVerify(rsa, signature)
                : ecdsaVerify((ECDsa)key, signature, family == Family.PlainEcdsa ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            // A key the platform cannot import (an unusual curve, a key of the other family): let BouncyCastle judge.
            return null;
        }
    }

    private static (Family Family, string Digest)? Combined(string oid) => oid switch
    {
        "1.2.840.113549.1.1.4" => (Family.Rsa, "1.2.840.113549.2.5"),
        "1.2.840.113549.1.1.5" => (Family.Rsa, "1.3.14.3.2.26"),
        "1.2.840.113549.1.1.11" => (Family.Rsa, "2.16.840.1.101.3.4.2.1"),
        "1.2.840.113549.1.1.12" => (Family.Rsa, "2.16.840.1.101.3.4.2.2"),
        "1.2.840.113549.1.1.13" => (Family.Rsa, "2.16.840.1.101.3.4.2.3"),
        "1.2.840.10045.4.1" => (Family.Ecdsa, "1.3.14.3.2.26"),
        "1.2.840.10045.4.3.2" => (Family.Ecdsa, "2.16.840.1.101.3.4.2.1"),
        "1.2.840.10045.4.3.3" => (Family.Ecdsa, "2.16.840.1.101.3.4.2.2"),
        "1.2.840.10045.4.3.4" => (Family.Ecdsa, "2.16.840.1.101.3.4.2.3"),
        "0.4.0.127.0.7.1.1.4.1.1" => (Family.PlainEcdsa, "1.3.14.3.2.26"),
        "0.4.0.127.0.7.1.1.4.1.3" => (Family.PlainEcdsa, "2.16.840.1.101.3.4.2.1"),
        "0.4.0.127.0.7.1.1.4.1.4" => (Family.PlainEcdsa, "2.16.840.1.101.3.4.2.2"),
        "0.4.0.127.0.7.1.1.4.1.5" => (Family.PlainEcdsa, "2.16.840.1.101.3.4.2.3"),
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
