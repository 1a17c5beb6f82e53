using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests;

/// <summary>Inputs the fuzz harnesses (fuzz/README.md) found escaping a documented refusal. Each is in testdata/fuzz.</summary>
public sealed class FuzzRegressionTests
{
    /// <summary>
    /// A CRL Distribution Points extension whose fullName [0] is primitive: BouncyCastle throws InvalidOperationException,
    /// which escaped RevocationUrls.Crl instead of its documented CryptoFormatException (AFL found it in x509 with a
    /// real CA's certificate; this extension is the smallest of the same shape, in a certificate made here).
    /// </summary>
    [Fact]
    public void A_wrongly_tagged_CRL_distribution_point_is_a_format_error()
    {
        var extension = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", "crldp-primitive-fullname.der"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fuzz regression", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension("2.5.29.31", extension, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Throws<CryptoFormatException>(() => RevocationUrls.Crl(certificate));
    }
}
