using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Client certificates that must not get in, made in the test (P-256 keys: milliseconds each). Each carries the subject
/// of a real agency, so the only thing wrong with it is the one thing the test is about. Written as PEM files
/// (certificate then its issuer; key) for <see cref="Cli.Internal.GatewayChannel.Create(string, string, string, TrustStore)"/>.
/// </summary>
internal static class HostileCertificates
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    public static string Subject(string agency) => $"CN={agency}, OU=Agency, O=Demonstration Agency {agency}, C=TH";

    /// <summary>Issued by the gateway's own issuing CA with the clientAuth EKU, but its validity ended yesterday.</summary>
    public static Credential Expired(DevPkiLayout pki, string folder, string agency) =>
        IssueFromPki(pki, folder, "expired", agency, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1), ClientAuth);

    /// <summary>Issued by the gateway's own issuing CA, current, with an EKU that is not clientAuth (an e-mail certificate).</summary>
    public static Credential WithoutClientAuth(DevPkiLayout pki, string folder, string agency) =>
        IssueFromPki(pki, folder, "email", agency, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), EmailProtection);

    /// <summary>Everything right (subject, EKU, validity) except the CA: a self-made one the gateway never heard of.</summary>
    public static Credential FromUntrustedCa(string folder, string agency)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Gateway Development Issuing CA, O=Somebody Else, C=TH", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Issue(folder, "foreign", agency, ca, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), ClientAuth);
    }

    /// <summary>Revokes the agency's own client certificate on the development PKI's CRL (which the gateway reads) and returns it.</summary>
    public static Credential Revoke(DevPkiLayout pki, string agency)
    {
        var credential = new Credential(pki.AgencyClientCertificate(agency), pki.AgencyClientKey(agency));
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(credential.CertificatePath);
        DevPki.Revoke(pki, certificate);
        return credential;
    }

    private static Credential IssueFromPki(DevPkiLayout pki, string folder, string name, string agency, DateTimeOffset notBefore, DateTimeOffset notAfter, string eku)
    {
        using var issuer = X509Certificate2.CreateFromPemFile(pki.IssuingCaCertificate, pki.IssuingCaKey);
        using var key = issuer.GetRSAPrivateKey()!;
        return Issue(folder, name, agency, issuer, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), notBefore, notAfter, eku);
    }

    private static Credential Issue(string folder, string name, string agency, X509Certificate2 issuer, X509SignatureGenerator signer,
        DateTimeOffset notBefore, DateTimeOffset notAfter, string eku)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(agency), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        // The overload with a signature generator sets the validity as asked, even outside the issuer's (an expired leaf).
        using var certificate = request.Create(issuer.SubjectName, signer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16).Select((b, i) => i == 0 ? (byte)(b & 0x7F | 0x01) : b).ToArray());
        Directory.CreateDirectory(folder);
        var credential = new Credential(Path.Combine(folder, $"{name}.crt"), Path.Combine(folder, $"{name}.key"));
        File.WriteAllText(credential.CertificatePath, certificate.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem() + "\n");
        File.WriteAllText(credential.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return credential;
    }
}
