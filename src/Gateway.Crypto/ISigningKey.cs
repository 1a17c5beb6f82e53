using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto;

/// <summary>
/// A private key with its certificate. Signing goes through <see cref="SignHash"/> only so that
/// non-exportable keys (PKCS#11 / HSM) can implement this interface later.
/// </summary>
public interface ISigningKey
{
    /// <summary>The signer's certificate; it need not carry the private key.</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>Issuing CA certificates, the leaf's issuer first, root excluded.</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    KeyAlgorithm Algorithm { get; }

    /// <summary>
    /// RSA: PKCS#1 v1.5 signature. ECDSA: DER-encoded Ecdsa-Sig-Value (X9.62 / RFC 3279).
    /// </summary>
    byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm);

    /// <summary>
    /// RSASSA-PSS (RFC 8017; MGF1 with the same hash, salt as long as the hash) when the key can; keys
    /// that cannot say so rather than silently signing PKCS#1 v1.5.
    /// </summary>
    byte[] SignHashPss(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm) =>
        throw new NotSupportedException($"this {Algorithm} key does not sign RSASSA-PSS");
}
