using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests;

[Collection(PkiCollection.Name)]
public sealed class TrustStoreTests(PkiFixture pki)
{
    [Fact]
    public void Folder_load_splits_roots_and_intermediates()
    {
        var trust = TrustStore.Load(Path.GetDirectoryName(pki.Layout.RootsPem)!);
        Assert.Equal("CN=Gateway Development Root CA, O=Gateway Development, C=TH", Assert.Single(trust.Roots).Subject);
        Assert.Equal("CN=Gateway Development Issuing CA, O=Gateway Development, C=TH", Assert.Single(trust.Intermediates).Subject);
    }

    [Fact]
    public void Der_file_loads()
    {
        var path = Path.Combine(pki.NewTempDirectory(), "root.der");
        File.WriteAllBytes(path, X509CertificateLoader.LoadCertificateFromFile(pki.Layout.RootCaCertificate).RawData);
        Assert.Single(TrustStore.Load(path).Roots);
    }

    [Fact]
    public void A_file_without_roots_is_refused()
    {
        Assert.Throws<CryptoFormatException>(() => TrustStore.Load(pki.Layout.IntermediatesPem));
        Assert.Throws<FileNotFoundException>(() => TrustStore.Load(Path.Combine(pki.Directory, "missing.pem")));
    }
}
