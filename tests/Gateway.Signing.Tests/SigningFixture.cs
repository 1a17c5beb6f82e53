using System.Security.Cryptography.X509Certificates;
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

    /// <summary>A signing certificate of the given key type from the development issuing CA, written as PEM (leaf, then the CA).</summary>
    public (string Certificate, string Key) IssueSigner(string keyType)
    {
        using var issuer = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(Pki.IssuingCaCertificate, Pki.IssuingCaKey);
        System.Security.Cryptography.AsymmetricAlgorithm privateKey;
        System.Security.Cryptography.X509Certificates.CertificateRequest request;
        var subject = $"CN={keyType} signer, O=Test, C=TH";
        if (keyType.StartsWith("RSA", StringComparison.Ordinal))
        {
            var rsa = System.Security.Cryptography.RSA.Create(int.Parse(keyType[4..]));
            privateKey = rsa;
            request = new(subject, rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        }
        else
        {
            var ec = System.Security.Cryptography.ECDsa.Create(keyType == "P-384" ? System.Security.Cryptography.ECCurve.NamedCurves.nistP384 : System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            privateKey = ec;
            request = new(subject, ec, System.Security.Cryptography.HashAlgorithmName.SHA256);
        }
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509KeyUsageExtension(
            System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(System.Security.Cryptography.X509Certificates.X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        using var certificate = request.Create(issuer.SubjectName, System.Security.Cryptography.X509Certificates.X509SignatureGenerator.CreateForRSA(issuerKey, System.Security.Cryptography.RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        var certPath = Folder.File($"{keyType}.crt");
        var keyPath = Folder.File($"{keyType}.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, privateKey.ExportPkcs8PrivateKeyPem());
        privateKey.Dispose();
        return (certPath, keyPath);
    }

    public void Dispose()
    {
        AgencyKey.Dispose();
        OtherKey.Dispose();
        Folder.Dispose();
    }
}
