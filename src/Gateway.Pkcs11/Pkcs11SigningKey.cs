using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11.Internal;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11;

/// <summary>
/// A private key that stays in a PKCS#11 token: only hash values go in and signatures come out.
/// Thread-safe; concurrent signatures use separate sessions of the token's pool.
/// </summary>
public sealed class Pkcs11SigningKey : ISigningKey, IDisposable
{
    private readonly Pkcs11Token _token;
    private KeyHandle? _handle;
    private int _disposed;

    internal Pkcs11SigningKey(Pkcs11Token token, Pkcs11Uri uri, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, KeyAlgorithm algorithm)
    {
        _token = token;
        Uri = uri;
        Certificate = certificate;
        Chain = chain;
        Algorithm = algorithm;
    }

    /// <summary>Which key this is (without any PIN source).</summary>
    public Pkcs11Uri Uri { get; }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    public KeyAlgorithm Algorithm { get; }

    internal Pkcs11Token Token => _token;

    public byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        SignatureEncoding.CheckLength(hash, hashAlgorithm);
        return Algorithm == KeyAlgorithm.Ecdsa
            ? SignatureEncoding.EcdsaToDer(Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA), hash.ToArray()))
            : Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS), SignatureEncoding.DigestInfo(hash, hashAlgorithm));
    }

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
        return Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS,
            Pkcs11Module.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                ConvertUtils.UInt64FromCKM(digest), ConvertUtils.UInt64FromCKG(mgf), saltLength)), hash.ToArray());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Pkcs11KeyStore.Release(_token);
    }

    public override string ToString() => $"Pkcs11SigningKey({Algorithm}, {Uri}, {Certificate.Subject})";

    /// <summary>One retry after the session, token or module went away: the reset finds everything again.</summary>
    private byte[] Sign(Func<IMechanism> mechanism, byte[] data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        for (var attempt = 0; ; attempt++)
        {
            var lease = _token.Rent();
            var broken = false;
            try
            {
                using var m = mechanism();
                return lease.Session.Sign(m, HandleIn(lease), data);
            }
            catch (Exception e) when (attempt == 0 && Pkcs11Failures.IsGone(e))
            {
                broken = true;
                _token.Reset(lease.Generation, e);
            }
            catch (Pkcs11Exception e)
            {
                broken = Pkcs11Failures.IsGone(e);
                throw new Pkcs11KeyException($"signing with {Uri} failed: {e.RV}", e);
            }
            finally
            {
                _token.Return(lease, broken);
            }
        }
    }

    // Object handles are valid in every session of the application until the token is reset.
    private IObjectHandle HandleIn(Pkcs11Lease lease)
    {
        var cached = Volatile.Read(ref _handle);
        if (cached is not null && cached.Generation == lease.Generation) return cached.Handle;
        var found = new KeyHandle(Pkcs11Objects.FindPrivateKey(lease.Session, Uri), lease.Generation);
        Volatile.Write(ref _handle, found);
        return found.Handle;
    }
}
