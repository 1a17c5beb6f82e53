using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using Xunit.Abstractions;
using Reply = Gateway.Testing.LoopbackHttpServer.Reply;

namespace Gateway.Crypto.Tests;

[Collection(RevocationCollection.Name)]
public sealed class RevocationClientTests(RevocationFixture pki, ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient _http = new();

    private DevPkiLayout Layout => pki.Layout;

    private RevocationClient NewClient(RevocationClientOptions? options = null, TimeProvider? clock = null) =>
        new(_http, options ?? new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(20) }, clock);

    [Fact]
    public async Task Ocsp_from_the_in_process_responder_is_verified_and_cached()
    {
        using var responder = OcspResponder.ForDevPki(Layout);
        using var server = pki.Serve(r => Task.FromResult<Reply?>(new(200, OcspResponder.ResponseMediaType, responder.Respond(r.Body))));
        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        var client = NewClient();

        var evidence = await client.GetAsync(seal, pki.Issuing);
        Assert.Equal(RevocationStatus.Good, evidence.Status);
        Assert.Equal(pki.BaseUrl + "/ocsp", evidence.Source);
        Assert.Null(evidence.Crl);
        Assert.Equal(OcspRespStatus.Successful, new OcspResp(evidence.OcspResponse).Status);
        Assert.Equal(TimeSpan.FromDays(1), evidence.NextUpdate - evidence.ThisUpdate);
        Assert.Equal(1, server.RequestCount);

        var again = await client.GetAsync(seal, pki.Issuing);
        Assert.Same(evidence, again);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(1, client.CachedCount);
    }

    [Fact]
    public async Task Openssl_responder_then_crl_fallback_then_nothing()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        using var good = RevocationFixture.Load(Layout.TsaCertificate);
        using var victim = RevocationFixture.Load(Layout.AgencySigningCertificate("c"));
        var revokedAt = DateTimeOffset.UtcNow.AddHours(-2);
        revokedAt = DateTimeOffset.FromUnixTimeSeconds(revokedAt.ToUnixTimeSeconds());
        DevPki.Revoke(Layout, victim);

        var openssl = new OpenSslOcspResponder(Layout, pki.NewTempDirectory(), [new(good), new(victim, revokedAt)]);
        try
        {
            // The certificates name {base}/ocsp; the test server forwards that path to openssl's port and drops
            // the connection once openssl is gone, as a closed port would.
            using var upstream = new HttpClient();
            using var server = pki.Serve(async request =>
            {
                try
                {
                    using var content = new ByteArrayContent(request.Body);
                    content.Headers.ContentType = new(OcspResponder.RequestMediaType);
                    using var response = await upstream.PostAsync(openssl.Url, content);
                    return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            });

            var viaOcsp = await NewClient().GetAsync(good, pki.Issuing);
            Assert.Equal(RevocationStatus.Good, viaOcsp.Status);
            Assert.NotNull(viaOcsp.OcspResponse);
            Assert.NotNull(viaOcsp.NextUpdate);

            var revoked = await NewClient().GetAsync(victim, pki.Issuing);
            Assert.Equal(RevocationStatus.Revoked, revoked.Status);
            Assert.Equal(revokedAt, revoked.RevocationTime);
            Assert.Equal(pki.BaseUrl + "/ocsp", revoked.Source);

            openssl.Dispose();
            var goodByCrl = await NewClient().GetAsync(good, pki.Issuing);
            Assert.Equal(RevocationStatus.Good, goodByCrl.Status);
            Assert.Equal(pki.BaseUrl + "/crl/issuing.crl", goodByCrl.Source);
            Assert.Equal(File.ReadAllBytes(Layout.IssuingCrl), goodByCrl.Crl);
            Assert.Null(goodByCrl.OcspResponse);

            var revokedByCrl = await NewClient().GetAsync(victim, pki.Issuing);
            Assert.Equal(RevocationStatus.Revoked, revokedByCrl.Status);
            Assert.NotNull(revokedByCrl.RevocationTime);
            Assert.Contains(server.Log, l => l == "GET /crl/issuing.crl");
        }
        finally
        {
            openssl.Dispose();
        }

        // Neither the OCSP responder nor the CRL server is listening any more.
        var down = await Assert.ThrowsAsync<RevocationException>(() => NewClient().GetAsync(good, pki.Issuing));
        Assert.Equal(RevocationException.Unavailable, down.Reason);
        output.WriteLine(down.Message);
    }

    [Fact]
    public async Task A_response_signed_by_a_stranger_is_not_used()
    {
        // A responder with a self-signed key the issuing CA never authorised. The client does not use its answer:
        // it falls back to the CRL when one is reachable, and says REVOCATION_BAD_RESPONSE when none is.
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var strangerCertificate = new CertificateRequest("CN=Stranger OCSP", strangerKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = pki.NewTempDirectory();
        File.WriteAllText(Path.Combine(pem, "s.crt"), strangerCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(pem, "s.key"), strangerKey.ExportPkcs8PrivateKeyPem());
        using var signer = FileSigningKey.LoadPem(Path.Combine(pem, "s.crt"), Path.Combine(pem, "s.key"));
        using var stranger = new OcspResponder(pki.Issuing, signer, _ => RevocationStatus.Good);
        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        Reply? Ocsp(LoopbackHttpServer.Request r) => new(200, OcspResponder.ResponseMediaType, stranger.Respond(r.Body));

        using (pki.Serve(r => Task.FromResult(Ocsp(r))))
        {
            var fallback = await NewClient().GetAsync(seal, pki.Issuing);
            Assert.Equal(RevocationStatus.Good, fallback.Status);
            Assert.NotNull(fallback.Crl);
        }

        using (new LoopbackHttpServer(r => r.Path == "/ocsp" ? Ocsp(r) : Reply.NotFound, pki.Port))
        {
            var bad = await Assert.ThrowsAsync<RevocationException>(() => NewClient().GetAsync(seal, pki.Issuing));
            Assert.Equal(RevocationException.BadResponse, bad.Reason);
            Assert.Contains("signed neither by the issuer", bad.Message);
        }
    }

    [Fact]
    public async Task Stale_or_tampered_answers_are_bad_responses()
    {
        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        using var stale = OcspResponder.ForDevPki(Layout, new FixedClock(DateTimeOffset.UtcNow.AddDays(-3)));
        var crl = File.ReadAllBytes(Layout.IssuingCrl);
        crl[^5] ^= 1;

        using var server = new LoopbackHttpServer(r => r.Path == "/ocsp"
            ? new Reply(200, OcspResponder.ResponseMediaType, stale.Respond(r.Body))
            : new Reply(200, "application/pkix-crl", crl), pki.Port);
        var bad = await Assert.ThrowsAsync<RevocationException>(() => NewClient().GetAsync(seal, pki.Issuing));
        Assert.Equal(RevocationException.BadResponse, bad.Reason);
        Assert.Contains("stale", bad.Message);
        Assert.Contains("signature does not verify", bad.Message);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Prefer_crl_asks_the_crl_first_and_the_issuing_ca_is_checked_on_the_root_crl()
    {
        using var responder = OcspResponder.ForDevPki(Layout);
        using var server = pki.Serve(r => Task.FromResult<Reply?>(new(200, OcspResponder.ResponseMediaType, responder.Respond(r.Body))));
        using var server2 = RevocationFixture.Load(Layout.ServerCertificate);
        using var root = RevocationFixture.Load(Layout.RootCaCertificate);

        var viaCrl = await NewClient(new RevocationClientOptions { PreferCrl = true, Timeout = TimeSpan.FromSeconds(20) }).GetAsync(server2, pki.Issuing);
        Assert.Equal(RevocationStatus.Good, viaCrl.Status);
        Assert.NotNull(viaCrl.Crl);
        Assert.Equal(["GET /crl/issuing.crl"], server.Log);

        var ca = await NewClient().GetAsync(pki.Issuing, root);
        Assert.Equal(RevocationStatus.Good, ca.Status);
        Assert.Equal(pki.BaseUrl + "/crl/root.crl", ca.Source);
    }

    [Fact]
    public async Task No_source_wrong_issuer_and_a_bounded_cache()
    {
        using var root = RevocationFixture.Load(Layout.RootCaCertificate);
        var none = await Assert.ThrowsAsync<RevocationException>(() => NewClient().GetAsync(root, root));
        Assert.Equal(RevocationException.NoSource, none.Reason);

        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        await Assert.ThrowsAsync<ArgumentException>(() => NewClient().GetAsync(seal, root));

        using var responder = OcspResponder.ForDevPki(Layout);
        using var server = pki.Serve(r => Task.FromResult<Reply?>(new(200, OcspResponder.ResponseMediaType, responder.Respond(r.Body))));
        using var tls = RevocationFixture.Load(Layout.ServerCertificate);
        var client = NewClient(new RevocationClientOptions { MaxCacheEntries = 1, Timeout = TimeSpan.FromSeconds(20) });
        await client.GetAsync(seal, pki.Issuing);
        await client.GetAsync(tls, pki.Issuing);
        Assert.Equal(1, client.CachedCount);
        await client.GetAsync(tls, pki.Issuing);
        Assert.Equal(2, server.RequestCount);
        await client.GetAsync(seal, pki.Issuing);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Ocsp_unknown_defers_to_the_crl_and_is_returned_uncached_when_no_crl_answers()
    {
        using var key = FileSigningKey.LoadPem(Layout.OcspCertificate, Layout.OcspKey);
        using var responder = new OcspResponder(pki.Issuing, key, _ => RevocationStatus.Unknown);
        using var seal = RevocationFixture.Load(Layout.SealCertificate);
        Reply? Ocsp(LoopbackHttpServer.Request r) => new(200, OcspResponder.ResponseMediaType, responder.Respond(r.Body));

        using (pki.Serve(r => Task.FromResult(Ocsp(r))))
        {
            var fromCrl = await NewClient().GetAsync(seal, pki.Issuing);
            Assert.Equal(RevocationStatus.Good, fromCrl.Status);
            Assert.NotNull(fromCrl.Crl);
        }

        using var ocspOnly = new LoopbackHttpServer(r => r.Path == "/ocsp" ? Ocsp(r) : Reply.NotFound, pki.Port);
        var client = NewClient();
        var unknown = await client.GetAsync(seal, pki.Issuing);
        Assert.Equal(RevocationStatus.Unknown, unknown.Status);
        Assert.NotNull(unknown.OcspResponse);
        Assert.Equal(0, client.CachedCount);
    }

    public void Dispose() => _http.Dispose();
}
