using Gateway.Crypto;

namespace Gateway.Signing.Tests;

/// <summary>A development PKI, the agency's signing key, the embedded TSA and pdfsig's NSS database, shared by a test class.</summary>
public sealed class SigningFixture : IDisposable
{
    public SigningFixture()
    {
        Pki = DevPki.Create(Folder.File("pki"));
        Trust = TrustStore.Load(Pki.RootsPem);
        AgencyKey = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-a"), Pki.AgencySigningKey("agency-a"));
        OtherKey = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-b"), Pki.AgencySigningKey("agency-b"));
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
    }

    public TempFolder Folder { get; } = new("gw-signing");
    public DevPkiLayout Pki { get; }
    public TrustStore Trust { get; }
    public FileSigningKey AgencyKey { get; }
    public FileSigningKey OtherKey { get; }
    public EmbeddedTimeStampAuthority Tsa { get; }

    public byte[] Permit => File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf"));

    public string Save(string name, byte[] bytes)
    {
        var path = Folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        AgencyKey.Dispose();
        OtherKey.Dispose();
        Folder.Dispose();
    }
}
