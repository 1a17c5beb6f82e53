using Gateway.Crypto;
using Xunit.Abstractions;
using Reply = Gateway.Testing.LoopbackHttpServer.Reply;

namespace Gateway.Pkix.Tests;

/// <summary>Revocation fetched over HTTP through RevocationClient from the development PKI's responders.</summary>
[Collection(DevPkiCollection.Name)]
public sealed class FetchedRevocationTests(DevPkiFixture pki, ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient _http = new();

    private CertificateValidator Validator(CertificateValidatorOptions? options = null) =>
        new(pki.Trust, new RevocationClient(_http, new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(20) }), options);

    [Fact]
    public async Task The_dev_revocation_server_answers_good_and_then_revoked_for_a_signer()
    {
        using var server = new DevRevocationServer(pki.Layout, pki.Port);
        using var seal = DevPkiFixture.Load(pki.Layout.SealCertificate);

        var good = await Validator().ValidateAsync(seal, CertificatePurpose.Signer, pki.Material, DateTimeOffset.UtcNow);
        Check.Passed(good);
        Assert.Equal(3, good.Chain.Count);
        Assert.Equal(RevocationCheckStatus.Good, good.Chain[0].Revocation.Status);
        Assert.Equal(pki.BaseUrl + "/ocsp", good.Chain[0].Revocation.Source);
        Assert.Equal(RevocationCheckStatus.Good, good.Chain[1].Revocation.Status);
        Assert.Equal(pki.BaseUrl + "/crl/root.crl", good.Chain[1].Revocation.Source);
        Assert.True(good.Chain[2].IsTrustAnchor);

        using var signer = DevPkiFixture.Load(pki.Layout.AgencySigningCertificate("c"));
        var beforeRevocation = DateTimeOffset.UtcNow.AddMinutes(-10);
        DevPki.Revoke(pki.Layout, signer);
        var now = DateTimeOffset.UtcNow.AddSeconds(1);

        var revoked = await Validator().ValidateAsync(signer, CertificatePurpose.Signer, pki.Material, now);
        Check.Indeterminate(revoked, SubIndications.RevokedNoPoe);
        Assert.Equal(RevocationCheckStatus.Revoked, revoked.Chain[0].Revocation.Status);
        Assert.Equal(pki.BaseUrl + "/ocsp", revoked.Chain[0].Revocation.Source);
        Assert.InRange(revoked.Chain[0].Revocation.RevocationTime!.Value, beforeRevocation, now);
        output.WriteLine(string.Join("\n", revoked.Errors));

        // A signature proven to exist before the revocation still validates, at that time.
        var poe = await Validator().ValidateAsync(signer, CertificatePurpose.Signer, pki.Material, now, beforeRevocation);
        Check.Passed(poe);
        Assert.Equal(beforeRevocation, poe.ValidatedAt);

        // The CRL says the same when OCSP is not asked.
        var byCrl = new CertificateValidator(pki.Trust, new RevocationClient(_http, new RevocationClientOptions { PreferCrl = true }));
        var crl = await byCrl.ValidateAsync(signer, CertificatePurpose.Signer, pki.Material, now);
        Check.Indeterminate(crl, SubIndications.RevokedNoPoe);
        Assert.Equal(pki.BaseUrl + "/crl/issuing.crl", crl.Chain[0].Revocation.Source);
    }

    [Fact]
    public async Task Openssl_ocsp_as_the_responder_good_and_revoked()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        using var tsa = DevPkiFixture.Load(pki.Layout.TsaCertificate);
        using var victim = DevPkiFixture.Load(pki.Layout.AgencySigningCertificate("b"));
        var revokedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        using var openssl = new OpenSslOcspResponder(pki.Layout, pki.NewTempDirectory(), [new(tsa), new(victim, revokedAt)]);
        using var upstream = new HttpClient();
        using var server = new LoopbackHttpServer(async request =>
        {
            if (request.Path.StartsWith("/crl/", StringComparison.Ordinal))
            {
                return LoopbackHttpServer.File(Path.Combine(pki.Layout.Directory, "crl"), request with { Path = request.Path["/crl/".Length..] }, "application/pkix-crl");
            }

            if (request.Path != "/ocsp")
            {
                return Reply.NotFound;
            }

            using var content = new ByteArrayContent(request.Body);
            content.Headers.ContentType = new(OcspResponder.RequestMediaType);
            using var response = await upstream.PostAsync(openssl.Url, content);
            return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
        }, pki.Port);

        var good = await Validator().ValidateAsync(tsa, CertificatePurpose.TimeStamping, pki.Material, DateTimeOffset.UtcNow);
        Check.Passed(good);
        Assert.Equal(pki.BaseUrl + "/ocsp", good.Chain[0].Revocation.Source);
        Assert.NotNull(good.Chain[0].Revocation.NextUpdate);

        var revoked = await Validator().ValidateAsync(victim, CertificatePurpose.Signer, pki.Material, DateTimeOffset.UtcNow);
        Check.Indeterminate(revoked, SubIndications.RevokedNoPoe);
        Assert.Equal(revokedAt, revoked.Chain[0].Revocation.RevocationTime);
        Assert.Contains(server.Log, l => l == "POST /ocsp");
    }

    [Fact]
    public async Task Fetched_evidence_embedded_later_validates_offline()
    {
        // What PAdES B-LT does: fetch at signing time, embed, validate later without the network.
        using var server = new DevRevocationServer(pki.Layout, pki.Port);
        using var seal = DevPkiFixture.Load(pki.Layout.SealCertificate);
        using var root = DevPkiFixture.Load(pki.Layout.RootCaCertificate);
        var client = new RevocationClient(_http);
        var leafEvidence = await client.GetAsync(seal, pki.Issuing);
        var caEvidence = await client.GetAsync(pki.Issuing, root);
        var material = pki.Material with { OcspResponses = [leafEvidence.OcspResponse!], Crls = [caEvidence.Crl!] };

        var offline = new CertificateValidator(pki.Trust);
        var result = await offline.ValidateAsync(seal, CertificatePurpose.Signer, material, DateTimeOffset.UtcNow);
        Check.Passed(result);
        Assert.Equal("embedded OCSP", result.Chain[0].Revocation.Source);
        Assert.Contains("delegated responder", result.Chain[0].Revocation.Detail);
        Assert.Equal("embedded CRL", result.Chain[1].Revocation.Source);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Nothing_is_fetched_when_fetching_is_off_or_the_chain_already_failed_and_a_dead_server_is_try_later()
    {
        using var seal = DevPkiFixture.Load(pki.Layout.SealCertificate);
        using (var server = new DevRevocationServer(pki.Layout, pki.Port))
        {
            var off = await Validator(new CertificateValidatorOptions { FetchRevocation = false }).ValidateAsync(seal, CertificatePurpose.Signer, pki.Material, DateTimeOffset.UtcNow);
            Check.Indeterminate(off, SubIndications.TryLater);

            var wrongPurpose = await Validator().ValidateAsync(seal, CertificatePurpose.TimeStamping, pki.Material, DateTimeOffset.UtcNow);
            Check.Indeterminate(wrongPurpose, SubIndications.ChainConstraintsFailure);
            Assert.Equal(0, server.RequestCount);
        }

        // Nobody listens on the port any more.
        var down = await Validator().ValidateAsync(seal, CertificatePurpose.Signer, pki.Material, DateTimeOffset.UtcNow);
        Check.Indeterminate(down, SubIndications.TryLater);
        Assert.Contains("cannot be reached", down.Chain[0].Revocation.Detail);
        output.WriteLine(down.Chain[0].Revocation.Detail);

        var accepted = await Validator(new CertificateValidatorOptions { WhenRevocationUnavailable = RevocationPolicy.Accept })
            .ValidateAsync(seal, CertificatePurpose.Signer, pki.Material, DateTimeOffset.UtcNow);
        Check.Passed(accepted);
        Assert.Equal(RevocationCheckStatus.Unavailable, accepted.Chain[0].Revocation.Status);
    }

    public void Dispose() => _http.Dispose();
}
