using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests;

/// <summary>Extra certificates issued by the dev issuing CA for cases the dev PKI does not cover.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Issue(DevPkiLayout layout, string subject, AsymmetricAlgorithm key, DateTimeOffset notBefore, DateTimeOffset notAfter, X509KeyUsageFlags keyUsage)
    {
        using var issuer = X509Certificate2.CreateFromPemFile(layout.IssuingCaCertificate, layout.IssuingCaKey);
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("unsupported key"),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        return key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            _ => throw new ArgumentException("unsupported key"),
        };
    }

    /// <summary>Writes a PKCS#12 with the leaf, its key and the issuing CA, then loads it as a FileSigningKey.</summary>
    public static FileSigningKey ToPkcs12Key(DevPkiLayout layout, X509Certificate2 leafWithKey, string directory)
    {
        var collection = new X509Certificate2Collection { leafWithKey, X509CertificateLoader.LoadCertificateFromFile(layout.IssuingCaCertificate) };
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".p12");
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, "test-password")!);
        return FileSigningKey.LoadPkcs12(path, "test-password");
    }
}
