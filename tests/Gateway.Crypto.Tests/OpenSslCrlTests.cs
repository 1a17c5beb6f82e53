using System.Security.Cryptography.X509Certificates;
using Xunit.Abstractions;
using Reply = Gateway.Testing.LoopbackHttpServer.Reply;

namespace Gateway.Crypto.Tests;

/// <summary>Our revocation client reading a CRL that `openssl ca -gencrl` made (nobody here wrote that CRL).</summary>
[Collection(RevocationCollection.Name)]
public sealed class OpenSslCrlTests(RevocationFixture pki, ITestOutputHelper output)
{
    [Fact]
    public async Task A_crl_made_by_openssl_ca_is_read_and_the_revoked_certificate_found()
    {
        if (!ExternalTool.RequireOpenSsl(output)) return;
        var dir = pki.NewTempDirectory();
        using var revoked = RevocationFixture.Load(pki.Layout.AgencyClientCertificate("c"));
        using var good = RevocationFixture.Load(pki.Layout.AgencyClientCertificate("d"));

        // openssl's CA database: one revoked entry (R), one valid (V).
        static string Entry(char status, X509Certificate2 c, string revokedAt) =>
            $"{status}\t{c.NotAfter.ToUniversalTime():yyMMddHHmmss}Z\t{revokedAt}\t{c.SerialNumber}\tunknown\t/CN={c.GetNameInfo(X509NameType.SimpleName, false)}\n";
        File.WriteAllText(Path.Combine(dir, "index.txt"),
            Entry('R', revoked, $"{DateTime.UtcNow.AddHours(-1):yyMMddHHmmss}Z,keyCompromise") + Entry('V', good, ""));
        File.WriteAllText(Path.Combine(dir, "crlnumber"), "1000\n");
        var config = Path.Combine(dir, "ca.cnf");
        File.WriteAllText(config, $"""
            [ ca ]
            default_ca = dev
            [ dev ]
            database = {dir}/index.txt
            crlnumber = {dir}/crlnumber
            certificate = {pki.Layout.IssuingCaCertificate}
            private_key = {pki.Layout.IssuingCaKey}
            default_md = sha256
            default_crl_days = 7
            crl_extensions = crl_ext
            [ crl_ext ]
            authorityKeyIdentifier = keyid:always
            """);
        var pem = Path.Combine(dir, "issuing.crl.pem");
        var gencrl = ExternalTool.RunOpenSsl("ca", "-gencrl", "-config", config, "-out", pem);
        Assert.True(gencrl.ExitCode == 0, gencrl.ToString());
        var der = Path.Combine(dir, "issuing.crl");
        Assert.Equal(0, ExternalTool.RunOpenSsl("crl", "-in", pem, "-outform", "DER", "-out", der).ExitCode);

        // No OCSP answer at the fixture's URL: the client must fall back to the CRL.
        using var server = new LoopbackHttpServer(request =>
            request.Path == "/crl/issuing.crl" ? new Reply(200, "application/pkix-crl", File.ReadAllBytes(der)) : Reply.NotFound, pki.Port);
        var client = new RevocationClient(options: new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(20) });

        var bad = await client.GetAsync(revoked, pki.Issuing);
        Assert.Equal(RevocationStatus.Revoked, bad.Status);
        Assert.NotNull(bad.Crl);
        Assert.NotNull(bad.RevocationTime);
        var fine = await client.GetAsync(good, pki.Issuing);
        Assert.Equal(RevocationStatus.Good, fine.Status);
        Assert.EndsWith("/crl/issuing.crl", fine.Source);
    }
}
