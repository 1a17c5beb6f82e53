using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.X509;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

[Collection(RevocationCollection.Name)]
public sealed class DevPkiRevocationTests(RevocationFixture pki, ITestOutputHelper output)
{
    private DevPkiLayout Layout => pki.Layout;

    [Fact]
    public void Certificates_point_at_the_ocsp_responder_and_the_crls()
    {
        foreach (var path in new[] { Layout.ServerCertificate, Layout.SealCertificate, Layout.TsaCertificate, Layout.OcspCertificate, Layout.AgencyClientCertificate("a"), Layout.AgencySigningCertificate("a") })
        {
            using var leaf = RevocationFixture.Load(path);
            Assert.Equal([pki.BaseUrl + "/ocsp"], RevocationUrls.Ocsp(leaf));
            Assert.Equal([pki.BaseUrl + "/crl/issuing.crl"], RevocationUrls.Crl(leaf));
            Assert.All(leaf.Extensions.Where(e => e.Oid?.Value is "1.3.6.1.5.5.7.1.1" or "2.5.29.31"), e => Assert.False(e.Critical));
        }

        Assert.Empty(RevocationUrls.Ocsp(pki.Issuing));
        Assert.Equal([pki.BaseUrl + "/crl/root.crl"], RevocationUrls.Crl(pki.Issuing));
        using var root = RevocationFixture.Load(Layout.RootCaCertificate);
        Assert.Empty(RevocationUrls.Crl(root));

        using var ocsp = RevocationFixture.Load(Layout.OcspCertificate);
        Assert.NotNull(ocsp.Extensions["1.3.6.1.5.5.7.48.1.5"]);
        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        Assert.NotNull(seal.Extensions["2.5.29.32"]);
    }

    [Fact]
    public void Crls_are_signed_by_their_ca_and_valid_for_a_week()
    {
        var issuingCrl = new X509CrlParser().ReadCrl(File.ReadAllBytes(Layout.IssuingCrl));
        var rootCrl = new X509CrlParser().ReadCrl(File.ReadAllBytes(Layout.RootCrl));
        using var root = RevocationFixture.Load(Layout.RootCaCertificate);
        issuingCrl.Verify(new Org.BouncyCastle.X509.X509Certificate(pki.Issuing.RawData).GetPublicKey());
        rootCrl.Verify(new Org.BouncyCastle.X509.X509Certificate(root.RawData).GetPublicKey());
        Assert.Equal(TimeSpan.FromDays(7), issuingCrl.NextUpdate!.Value - issuingCrl.ThisUpdate);
        Assert.NotNull(issuingCrl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.CrlNumber));
        Assert.NotNull(issuingCrl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier));
        Assert.True(File.Exists(Layout.RevokedSerialsFile));

        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        foreach (var (crl, ca) in new[] { (Layout.IssuingCrl, Layout.IssuingCaCertificate), (Layout.RootCrl, Layout.RootCaCertificate) })
        {
            var result = ExternalTool.RunOpenSsl("crl", "-inform", "DER", "-in", crl, "-CAfile", ca, "-noout");
            output.WriteLine(result.ToString());
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("verify OK", result.StandardOutput + result.StandardError);
        }
    }

    [Fact]
    public void Openssl_crl_check_sees_a_revocation()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        using var victim = RevocationFixture.Load(Layout.AgencyClientCertificate("a"));
        Assert.Equal(0, VerifyWithCrl(Layout.ServerCertificate).ExitCode);
        Assert.Equal(0, VerifyWithCrl(Layout.AgencyClientCertificate("a")).ExitCode);
        var numberBefore = CrlNumber();

        DevPki.Revoke(Layout, victim);
        var firstLine = File.ReadAllText(Layout.RevokedSerialsFile);
        DevPki.Revoke(Layout, victim);
        Assert.Equal(firstLine, File.ReadAllText(Layout.RevokedSerialsFile));
        Assert.True(CrlNumber().CompareTo(numberBefore) > 0);

        var revoked = VerifyWithCrl(Layout.AgencyClientCertificate("a"));
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.StandardOutput + revoked.StandardError);
        Assert.Equal(0, VerifyWithCrl(Layout.ServerCertificate).ExitCode);

        var crl = new X509CrlParser().ReadCrl(File.ReadAllBytes(Layout.IssuingCrl));
        Assert.NotNull(crl.GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(victim.SerialNumber, 16)));
    }

    [Fact]
    public void Create_again_keeps_fresh_crls_and_revoke_rejects_foreign_certificates()
    {
        var before = File.ReadAllBytes(Layout.RootCrl);
        DevPki.Create(Layout.Directory, new DevPkiOptions { RevocationBaseUrl = pki.BaseUrl, Agencies = ["a", "b", "c", "d"] });
        Assert.Equal(before, File.ReadAllBytes(Layout.RootCrl));

        using var key = System.Security.Cryptography.ECDsa.Create();
        using var foreign = new CertificateRequest("CN=Elsewhere", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        Assert.Throws<ArgumentException>(() => DevPki.Revoke(Layout, foreign));
        Assert.Throws<ArgumentException>(() => DevPki.Create(pki.NewTempDirectory(), new DevPkiOptions { RevocationBaseUrl = "ftp://x" }));
    }

    private Org.BouncyCastle.Math.BigInteger CrlNumber()
    {
        var crl = new X509CrlParser().ReadCrl(File.ReadAllBytes(Layout.IssuingCrl));
        var value = crl.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.CrlNumber)!;
        return Org.BouncyCastle.Asn1.DerInteger.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(value.GetOctets())).Value;
    }

    private ExternalTool.Result VerifyWithCrl(string leaf)
    {
        var pem = Path.Combine(pki.NewTempDirectory(), "issuing.crl.pem");
        File.WriteAllText(pem, new string(System.Security.Cryptography.PemEncoding.Write("X509 CRL", File.ReadAllBytes(Layout.IssuingCrl))) + "\n");
        var result = ExternalTool.RunOpenSsl("verify", "-crl_check", "-CRLfile", pem, "-CAfile", Layout.RootsPem, "-untrusted", Layout.IntermediatesPem, leaf);
        output.WriteLine(result.ToString());
        return result;
    }
}
