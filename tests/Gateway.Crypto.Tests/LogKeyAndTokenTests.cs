using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

/// <summary>The development PKI's evidence-log key, and standalone time-stamp tokens checked like `openssl ts -verify -data`.</summary>
[Collection(PkiCollection.Name)]
public sealed class LogKeyAndTokenTests(PkiFixture pki, ITestOutputHelper output)
{
    [Fact]
    public void The_log_key_is_a_private_pkcs8_ed25519_key_that_is_kept_and_its_public_half_rederived()
    {
        var key = DevPki.ReadEd25519PrivateKey(pki.Layout.LogKey);
        var publicKey = DevPki.ParseEd25519PublicKeyPem(File.ReadAllText(pki.Layout.LogPublicKey));
        Assert.Equal(key.GeneratePublicKey().GetEncoded(), publicKey);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pki.Layout.LogKey));

        var copy = new DevPkiLayout(pki.NewTempDirectory());
        Assert.True(DevPki.EnsureLogKey(copy));
        var made = File.ReadAllBytes(copy.LogKey);
        Assert.False(DevPki.EnsureLogKey(copy));
        Assert.Equal(made, File.ReadAllBytes(copy.LogKey));
        var pub = File.ReadAllText(copy.LogPublicKey);
        File.Delete(copy.LogPublicKey);
        Assert.False(DevPki.EnsureLogKey(copy));
        Assert.Equal(pub, File.ReadAllText(copy.LogPublicKey));
        Assert.Equal(made, File.ReadAllBytes(copy.LogKey));

        File.WriteAllText(copy.LogKey, File.ReadAllText(pki.Layout.SealKey));
        var refused = Assert.Throws<CryptoFormatException>(() => DevPki.ReadEd25519PrivateKey(copy.LogKey));
        Assert.DoesNotContain("PRIVATE", refused.Message);
        Assert.Throws<CryptoFormatException>(() => DevPki.ParseEd25519PublicKeyPem("nonsense"));
    }

    [Fact]
    public void Openssl_reads_the_log_key()
    {
        if (!ExternalTool.RequireOpenSsl(output)) return;
        var result = ExternalTool.RunOpenSsl("pkey", "-in", pki.Layout.LogKey, "-pubout");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllText(pki.Layout.LogPublicKey).Trim(), result.StandardOutput.Trim());
    }

    [Fact]
    public async Task A_standalone_token_verifies_over_its_data_only_and_only_under_its_roots()
    {
        var data = Encoding.UTF8.GetBytes("example.com/log\n5\nAAAA\n");
        var token = await pki.Tsa.GetTokenAsync(SHA256.HashData(data), HashAlgorithmName.SHA256);

        var good = TimeStampTokenVerifier.Verify(token, data, pki.Trust);
        Assert.True(good.Valid, good.Error);
        Assert.NotNull(good.Info);
        Assert.Contains("TSA", good.Authority!.Subject);

        var otherData = TimeStampTokenVerifier.Verify(token, Encoding.UTF8.GetBytes("something else\n"), pki.Trust);
        Assert.False(otherData.Valid);
        Assert.Equal(SubIndications.HashFailure, otherData.SubIndication);

        var foreign = DevPki.Create(pki.NewTempDirectory(), new DevPkiOptions { Agencies = [] });
        Assert.False(TimeStampTokenVerifier.Verify(token, data, TrustStore.Load(foreign.RootsPem)).Valid);

        Assert.False(TimeStampTokenVerifier.Verify([], data, pki.Trust).Valid);
        Assert.False(TimeStampTokenVerifier.Verify([0x30, 0x03, 0x02, 0x01, 0x01], data, pki.Trust).Valid);
        var flipped = token.ToArray();
        flipped[^10] ^= 1;
        Assert.False(TimeStampTokenVerifier.Verify(flipped, data, pki.Trust).Valid);
    }
}
