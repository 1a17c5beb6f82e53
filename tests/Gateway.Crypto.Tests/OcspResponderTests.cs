using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using Xunit.Abstractions;
using BcX509Extensions = Org.BouncyCastle.Asn1.X509.X509Extensions;

namespace Gateway.Crypto.Tests;

[Collection(RevocationCollection.Name)]
public sealed class OcspResponderTests(RevocationFixture pki, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x04, 0x02, 0xAB, 0xCD })]
    public void Garbage_gets_malformed_request(byte[] garbage)
    {
        using var responder = OcspResponder.ForDevPki(pki.Layout);
        var response = new OcspResp(responder.Respond(garbage));
        Assert.Equal(OcspRespStatus.MalformedRequest, response.Status);
    }

    [Fact]
    public void Answers_with_times_nonce_and_certificates_and_unknown_for_another_issuer()
    {
        using var responder = OcspResponder.ForDevPki(pki.Layout, new FixedClock(Now));
        using var seal = RevocationFixture.Load(pki.Layout.SealCertificate);
        using var root = RevocationFixture.Load(pki.Layout.RootCaCertificate);
        var ours = Gateway.Crypto.Internal.OcspCertIds.Sha1(pki.Issuing, seal);
        // The issuing CA's own serial asked of the root: not this responder's business.
        var theirs = Gateway.Crypto.Internal.OcspCertIds.Sha1(root, pki.Issuing);
        var nonce = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };

        var generator = new OcspReqGenerator();
        generator.AddRequest(ours);
        generator.AddRequest(theirs);
        generator.SetRequestExtensions(new BcX509Extensions(new Dictionary<DerObjectIdentifier, Org.BouncyCastle.Asn1.X509.X509Extension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(nonce).GetEncoded())),
        }));

        var response = new OcspResp(responder.Respond(generator.Generate().GetEncoded()));
        Assert.Equal(OcspRespStatus.Successful, response.Status);
        var basic = (BasicOcspResp)response.GetResponseObject();
        Assert.Equal(2, basic.Responses.Length);
        Assert.Null(basic.Responses[0].GetCertStatus());
        Assert.IsType<UnknownStatus>(basic.Responses[1].GetCertStatus());
        Assert.Equal(Now.UtcDateTime, basic.Responses[0].ThisUpdate);
        Assert.Equal(Now.UtcDateTime.AddDays(1), basic.Responses[0].NextUpdate);
        Assert.Equal(new DerOctetString(nonce).GetEncoded(), basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce).GetOctets());

        using var ocsp = RevocationFixture.Load(pki.Layout.OcspCertificate);
        var signer = basic.GetCerts()[0];
        Assert.Equal(ocsp.RawData, signer.GetEncoded());
        Assert.True(basic.Verify(signer.GetPublicKey()));
    }

    [Fact]
    public void Openssl_ocsp_client_sees_good_then_revoked()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        using var responder = OcspResponder.ForDevPki(pki.Layout);
        using var server = pki.Serve(request => Task.FromResult<LoopbackHttpServer.Reply?>(
            request.Method == "POST" ? new(200, OcspResponder.ResponseMediaType, responder.Respond(request.Body)) : LoopbackHttpServer.Reply.NotFound));

        var leaf = pki.Layout.AgencyClientCertificate("b");
        Assert.Matches(@": good\b", Ask(leaf));
        Assert.Matches(@": good\b", Ask(pki.Layout.SealCertificate));

        using (var victim = RevocationFixture.Load(leaf))
        {
            DevPki.Revoke(pki.Layout, victim);
        }

        var revoked = Ask(leaf);
        Assert.Matches(@": revoked\b", revoked);
        Assert.Contains("Revocation Time", revoked);
        Assert.Matches(@": good\b", Ask(pki.Layout.SealCertificate));
    }

    private string Ask(string leaf)
    {
        var result = ExternalTool.RunOpenSsl("ocsp", "-issuer", pki.Layout.IssuingCaCertificate, "-cert", leaf, "-url", pki.BaseUrl + "/ocsp",
            "-CAfile", pki.Layout.RootsPem, "-resp_text");
        output.WriteLine(result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Response verify OK", result.StandardError + result.StandardOutput);
        return result.StandardOutput;
    }
}
