using Gateway.Crypto;
using Gateway.Signing;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// A development PKI whose OCSP and CRL URLs are served on a free loopback port, two agencies' signing keys and the
/// embedded TSA: enough to sign at every PAdES level, certified or not. Shared by the modification tests.
/// </summary>
public sealed class ModificationFixture : IDisposable
{
    public ModificationFixture()
    {
        var port = LoopbackPort.Free();
        Pki = DevPki.Create(Folder.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{port}" });
        Revocation = new DevRevocationServer(Pki, port);
        AgencyKey = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-a"), Pki.AgencySigningKey("agency-a"));
        OtherKey = FileSigningKey.LoadPem(Pki.AgencySigningCertificate("agency-b"), Pki.AgencySigningKey("agency-b"));
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
        LongTerm = new LongTermValidationOptions { Trust = TrustStore.Load(Pki.RootsPem), Revocation = new RevocationClient() };
    }

    public TempFolder Folder { get; } = new("gw-modifications");
    public DevPkiLayout Pki { get; }
    public DevRevocationServer Revocation { get; }
    public FileSigningKey AgencyKey { get; }
    public FileSigningKey OtherKey { get; }
    public EmbeddedTimeStampAuthority Tsa { get; }
    public LongTermValidationOptions LongTerm { get; }

    /// <summary>Signs with agency-a (B-B unless said otherwise).</summary>
    public Task<byte[]> SignAsync(byte[] pdf, int? certify = null, PadesLevel level = PadesLevel.BaselineB, VisibleSignature? appearance = null) =>
        new PadesSigner(AgencyKey, Tsa, LongTerm).SignAsync(pdf, new PadesSignatureOptions { CertifyPermissions = certify, Level = level, Appearance = appearance });

    /// <summary>Signs with agency-b: a second signer.</summary>
    public Task<byte[]> CosignAsync(byte[] pdf, VisibleSignature? appearance = null) =>
        new PadesSigner(OtherKey, Tsa, LongTerm).SignAsync(pdf, new PadesSignatureOptions { Appearance = appearance });

    public Task<byte[]> ExtendAsync(byte[] pdf, PadesLevel level) => new PadesExtender(Tsa, LongTerm).ExtendAsync(pdf, level);

    public void Dispose()
    {
        Revocation.Dispose();
        AgencyKey.Dispose();
        OtherKey.Dispose();
        Folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ModificationCollection : ICollectionFixture<ModificationFixture>
{
    public const string Name = "modifications";
}
