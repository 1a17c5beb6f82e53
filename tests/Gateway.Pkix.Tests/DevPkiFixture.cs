using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;

namespace Gateway.Pkix.Tests;

/// <summary>
/// The development PKI with its revocation URLs on a free loopback port, served by each test that needs it (or left
/// closed). Tests revoke agency certificates of their own, so their order does not matter.
/// </summary>
public sealed class DevPkiFixture : IDisposable
{
    public DevPkiFixture()
    {
        Port = LoopbackPort.Free();
        Folder = new TempFolder("gw-pkix");
        Layout = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = BaseUrl, Agencies = ["a", "b", "c", "d"] });
        Trust = TrustStore.Load(Layout.RootsPem);
        Issuing = Load(Layout.IssuingCaCertificate);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public TempFolder Folder { get; }

    public DevPkiLayout Layout { get; }

    /// <summary>The root only: the issuing CA comes with the signature, as in a CMS.</summary>
    public TrustStore Trust { get; }

    public X509Certificate2 Issuing { get; }

    public ValidationMaterial Material => new() { Certificates = [Issuing] };

    /// <summary>The first certificate of a PEM file (leaf files also hold the issuing CA).</summary>
    public static X509Certificate2 Load(string path) => X509CertificateLoader.LoadCertificateFromFile(path);

    public string NewTempDirectory() => Directory.CreateDirectory(Folder.File("tmp-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        Issuing.Dispose();
        Folder.Dispose();
    }
}
