using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11.Internal;
using Net.Pkcs11Interop.Common;

namespace Gateway.Pkcs11;

/// <summary>
/// A private key that stays in a PKCS#11 token: only hash values go in and signatures come out.
/// Thread-safe; concurrent signatures use separate sessions of the token's pool.
/// </summary>
public sealed class Pkcs11SigningKey : ISigningKey, IDisposable
{
    private readonly TokenKey _key;

    internal Pkcs11SigningKey(TokenKey key, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, KeyAlgorithm algorithm)
    {
        _key = key;
        Certificate = certificate;
        Chain = chain;
        Algorithm = algorithm;
    }

    /// <summary>Which key this is (without any PIN source).</summary>
    public Pkcs11Uri Uri => _key.Uri;

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    public KeyAlgorithm Algorithm { get; }

    internal Pkcs11Token Token => _key.Token;

    public byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm) => _key.SignHash(Algorithm, hash, hashAlgorithm, this);

    public byte[] SignHashPss(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        if (Algorithm != KeyAlgorithm.Rsa) throw new NotSupportedException("RSASSA-PSS needs an RSA key");
        SignatureEncoding.CheckLength(hash, hashAlgorithm);
        var (digest, mgf) = hashAlgorithm.Name switch
        {
            "SHA256" => (CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
            "SHA384" => (CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
            "SHA512" => (CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
            _ => throw new NotSupportedException($"RSASSA-PSS with {hashAlgorithm.Name} is not supported"),
        };
        // Salt as long as the hash, MGF1 with the same hash: what ISigningKey promises and CMS signers announce.
        var saltLength = (ulong)hash.Length;
        return _key.Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS,
            Pkcs11Module.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                ConvertUtils.UInt64FromCKM(digest), ConvertUtils.UInt64FromCKG(mgf), saltLength)), hash.ToArray(), this);
    }

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"Pkcs11SigningKey({Algorithm}, {Uri}, {Certificate.Subject})";
}
