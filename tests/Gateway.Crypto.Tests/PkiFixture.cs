namespace Gateway.Crypto.Tests;

/// <summary>One development PKI for the whole test run: RSA-3072 CA generation is the slowest step.</summary>
public sealed class PkiFixture : IDisposable
{
    public PkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gateway-crypto-tests-" + Guid.NewGuid().ToString("N"));
        Layout = DevPki.Create(Directory);
        Seal = FileSigningKey.LoadPem(Layout.SealCertificate, Layout.SealKey);
        TsaKey = FileSigningKey.LoadPem(Layout.TsaCertificate, Layout.TsaKey);
        Tsa = new EmbeddedTimeStampAuthority(TsaKey);
        Trust = TrustStore.Load(Layout.RootsPem);
    }

    public string Directory { get; }

    public DevPkiLayout Layout { get; }

    public FileSigningKey Seal { get; }

    public FileSigningKey TsaKey { get; }

    public EmbeddedTimeStampAuthority Tsa { get; }

    /// <summary>Roots only: intermediates must come from the CMS itself, which the tamper tests rely on.</summary>
    public TrustStore Trust { get; }

    public string NewTempDirectory()
    {
        var path = Path.Combine(Directory, "tmp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        Seal.Dispose();
        TsaKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
