using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11;
using Gateway.Pkcs11.Internal;
using Net.Pkcs11Interop.Common;

namespace Gateway.Pkcs11.Tests;

/// <summary>How token keys behave under load, after the token drops its sessions, and what they keep in.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class TokenKeyTests(SoftHsm hsm)
{
    [Theory]
    [InlineData("seal")]
    [InlineData("rsa")]
    [InlineData("tsa")]
    public async Task Thirty_two_concurrent_signatures_all_verify(string label)
    {
        if (!hsm.Available) return;
        using var key = label switch { "seal" => hsm.Seal(), "rsa" => hsm.Rsa(), _ => hsm.Tsa() };
        // More callers than pooled sessions (4): the rest wait for a session rather than share one.
        var hashes = Enumerable.Range(0, 32).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();
        var signatures = await Task.WhenAll(hashes.Select(hash => Task.Run(() => key.SignHash(hash, HashAlgorithmName.SHA256))));

        for (var i = 0; i < hashes.Length; i++) Assert.True(Verifies(key, hashes[i], signatures[i]), $"signature {i} does not verify");
    }

    [Fact]
    public void Rsa_pss_signatures_verify_with_the_certificate()
    {
        if (!hsm.Available) return;
        using var key = hsm.Rsa();
        var hash = SHA384.HashData("pss"u8);
        var signature = key.SignHashPss(hash, HashAlgorithmName.SHA384);
        using var rsa = key.Certificate.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pss));
        using var seal = hsm.Seal();
        Assert.Throws<NotSupportedException>(() => seal.SignHashPss(hash, HashAlgorithmName.SHA384));
    }

    [Fact]
    public void Signing_goes_on_after_the_token_closed_every_session()
    {
        if (!hsm.Available) return;
        using var key = hsm.Seal();
        var hash = SHA256.HashData("before"u8);
        Assert.True(Verifies(key, hash, key.SignHash(hash, HashAlgorithmName.SHA256)));
        var generation = key.Token.Generation;

        // What a token that was pulled out and put back does to an application: its sessions and login are gone.
        key.Token.CloseAllSessionsForTest();

        var after = SHA256.HashData("after"u8);
        Assert.True(Verifies(key, after, key.SignHash(after, HashAlgorithmName.SHA256)));
        Assert.True(key.Token.Generation > generation, "the pool was not re-opened");
        // And concurrently, once more, with the new sessions.
        key.Token.CloseAllSessionsForTest();
        var results = Enumerable.Range(0, 8).AsParallel().Select(i => Verifies(key, after, key.SignHash(after, HashAlgorithmName.SHA256))).ToList();
        Assert.All(results, Assert.True);
    }

    [Fact]
    public unsafe void Signing_goes_on_after_the_module_lost_its_state()
    {
        if (!hsm.Available) return;
        using var key = hsm.Seal();
        var hash = SHA256.HashData("before"u8);
        Assert.True(Verifies(key, hash, key.SignHash(hash, HashAlgorithmName.SHA256)));
        var generation = key.Token.Module.Generation;

        // C_Finalize behind the key's back: every call now returns CKR_CRYPTOKI_NOT_INITIALIZED, as from a
        // module whose device went away; the key must load the module again and log in again.
        var module = System.Runtime.InteropServices.NativeLibrary.Load(hsm.ModulePath);
        try
        {
            var finalize = (delegate* unmanaged<IntPtr, nuint>)System.Runtime.InteropServices.NativeLibrary.GetExport(module, "C_Finalize");
            Assert.Equal(0u, (uint)finalize(IntPtr.Zero));
        }
        finally
        {
            System.Runtime.InteropServices.NativeLibrary.Free(module);
        }

        var after = SHA256.HashData("after"u8);
        Assert.True(Verifies(key, after, key.SignHash(after, HashAlgorithmName.SHA256)));
        Assert.True(key.Token.Module.Generation > generation, "the module was not loaded again");
    }

    [Fact]
    public void Private_keys_stay_in_the_token()
    {
        if (!hsm.Available) return;
        foreach (var key in new[] { hsm.Seal(), hsm.Rsa(), hsm.Tsa() })
        {
            using (key)
            {
                var lease = key.Token.Rent();
                try
                {
                    var handle = Pkcs11Objects.FindPrivateKey(lease.Session, key.Uri);
                    Assert.True(Pkcs11Objects.Flag(lease.Session, handle, CKA.CKA_SENSITIVE), $"{key.Uri} is not sensitive");
                    Assert.False(Pkcs11Objects.Flag(lease.Session, handle, CKA.CKA_EXTRACTABLE), $"{key.Uri} is extractable");
                    var secret = key.Algorithm == KeyAlgorithm.Rsa ? CKA.CKA_PRIVATE_EXPONENT : CKA.CKA_VALUE;
                    Assert.True(lease.Session.GetAttributeValue(handle, [secret])[0].CannotBeRead, $"{key.Uri} gave out {secret}");
                }
                finally
                {
                    key.Token.Return(lease, broken: false);
                }
            }
        }
    }

    [Fact]
    public void Keys_on_one_token_share_its_login_and_the_last_one_closes_it()
    {
        if (!hsm.Available) return;
        var seal = hsm.Seal();
        var rsa = hsm.Rsa();
        Assert.Same(seal.Token, rsa.Token);
        seal.Dispose();
        var hash = SHA256.HashData("still"u8);
        Assert.True(Verifies(rsa, hash, rsa.SignHash(hash, HashAlgorithmName.SHA256)));
        rsa.Dispose();
        Assert.Throws<ObjectDisposedException>(() => rsa.SignHash(hash, HashAlgorithmName.SHA256));
    }

    internal static bool Verifies(ISigningKey key, byte[] hash, byte[] signature)
    {
        if (key.Algorithm == KeyAlgorithm.Rsa)
        {
            using var rsa = key.Certificate.GetRSAPublicKey()!;
            return rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        using var ecdsa = key.Certificate.GetECDsaPublicKey()!;
        return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence);
    }
}
