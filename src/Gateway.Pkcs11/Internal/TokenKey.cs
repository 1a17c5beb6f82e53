using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// A private key on a logged-in token, as every kind of token key signs with it: one pooled session per
/// signature, the object handle cached per token generation, and one retry after the session, token or
/// module went away (the reset finds everything again). Disposing gives the token back to the store.
/// </summary>
internal sealed class TokenKey(Pkcs11Token token, Pkcs11Uri uri) : IDisposable
{
    private KeyHandle? _handle;
    private int _disposed;

    public Pkcs11Token Token => token;

    public Pkcs11Uri Uri => uri;

    /// <summary>
    /// ECDSA: CKM_ECDSA over the hash, r||s re-encoded as DER. RSA: CKM_RSA_PKCS over a DigestInfo built here
    /// (the raw mechanism does not build it), so that every hash the caller chose works on every module.
    /// </summary>
    public byte[] SignHash(Gateway.Crypto.KeyAlgorithm algorithm, ReadOnlySpan<byte> hash, System.Security.Cryptography.HashAlgorithmName hashAlgorithm, object owner)
    {
        SignatureEncoding.CheckLength(hash, hashAlgorithm);
        return algorithm == Gateway.Crypto.KeyAlgorithm.Ecdsa
            ? SignatureEncoding.EcdsaToDer(Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA), hash.ToArray(), owner))
            : Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS), SignatureEncoding.DigestInfo(hash, hashAlgorithm), owner);
    }

    public byte[] Sign(Func<IMechanism> mechanism, byte[] data, object owner)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, owner);
        for (var attempt = 0; ; attempt++)
        {
            var lease = token.Rent();
            var broken = false;
            try
            {
                using var m = mechanism();
                return lease.Session.Sign(m, HandleIn(lease), data);
            }
            catch (Exception e) when (attempt == 0 && Pkcs11Failures.IsGone(e))
            {
                broken = true;
                token.Reset(lease.Generation, e);
            }
            catch (Pkcs11Exception e)
            {
                broken = Pkcs11Failures.IsGone(e);
                throw new Pkcs11KeyException($"signing with {uri} failed: {e.RV}", e);
            }
            finally
            {
                token.Return(lease, broken);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Pkcs11KeyStore.Release(token);
    }

    // Object handles are valid in every session of the application until the token is reset.
    private IObjectHandle HandleIn(Pkcs11Lease lease)
    {
        var cached = Volatile.Read(ref _handle);
        if (cached is not null && cached.Generation == lease.Generation) return cached.Handle;
        var found = new KeyHandle(Pkcs11Objects.FindPrivateKey(lease.Session, uri), lease.Generation);
        Volatile.Write(ref _handle, found);
        return found.Handle;
    }
}
