using Gateway.Crypto;

namespace Gateway.Signing.Tests;

/// <summary>A development PKI whose OCSP and CRL URLs are served on a free loopback port for the whole test class.</summary>
public sealed class LongTermFixture : IDisposable
{
    public LongTermFixture()
    {
        var port = LoopbackPort.Free();
        Pki = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        Revocation = new DevRevocationServer(Pki, port);
        Trust = TrustStore.Load(Pki.RootsPem);
        AgencyKey = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-a"), Pki.AgencySigningKey("agency-a"));
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
        LongTerm = new LongTermValidationOptions { Trust = Trust, Revocation = new RevocationClient() };
    }

    public TempFolder Folder { get; } = new("gw-ltv");
    public DevPkiLayout Pki { get; }
    public DevRevocationServer Revocation { get; }
    public TrustStore Trust { get; }
    public FileSigningKey AgencyKey { get; }
    public EmbeddedTimeStampAuthority Tsa { get; }
    public LongTermValidationOptions LongTerm { get; }

    public string Save(string name, byte[] bytes)
    {
        var path = Folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        Revocation.Dispose();
        AgencyKey.Dispose();
        Folder.Dispose();
    }
}
