using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Api.V1;
using Gateway.Evidence;
using Gateway.Testing;
using Google.Protobuf;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>OpenSSL, which nobody here wrote, must accept our receipts and time-stamps and refuse tampered ones.</summary>
[Collection("gateway")]
public sealed class OpenSslInteropTests(GatewayFixture gateway) : IDisposable
{
    private readonly TempFolder _folder = new("gw-openssl");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Openssl_cms_verify_accepts_a_receipt_and_prints_its_json()
    {
        if (!ExternalTool.RequireOpenSsl()) return;
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var path = _folder.File("receipt.p7s");
        await File.WriteAllBytesAsync(path, submitted.Receipt.Signed.ToByteArray());

        var result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", gateway.Pki.RootsPem);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Verification successful", result.StandardError);
        Assert.Contains($"\"receiptId\": \"{submitted.Receipt.ReceiptId}\"", result.StandardOutput);
        Assert.Equal(submitted.Receipt.Json, result.StandardOutput);
    }

    [Fact]
    public async Task Openssl_with_the_seal_policy_accepts_our_receipts_and_refuses_a_receipt_signed_by_an_agency_key()
    {
        if (!ExternalTool.RequireOpenSsl()) return;
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var genuine = _folder.File("genuine.p7s");
        await File.WriteAllBytesAsync(genuine, submitted.Receipt.Signed.ToByteArray());

        using var agencyKey = Crypto.FileSigningKey.LoadPem(gateway.Pki.AgencySigningCertificate(A), gateway.Pki.AgencySigningKey(A));
        var tsa = new Crypto.EmbeddedTimeStampAuthority(Crypto.FileSigningKey.LoadPem(gateway.Pki.TsaCertificate, gateway.Pki.TsaKey));
        var forged = _folder.File("forged.p7s");
        await File.WriteAllBytesAsync(forged, (await new ReceiptIssuer(agencyKey, tsa).IssueAsync(ReceiptVerifier.Parse(submitted.Receipt.Signed.ToByteArray())!.Content)).Signed);

        string[] Policy(string file) => ["cms", "-verify", "-inform", "DER", "-in", file, "-CAfile", gateway.Pki.RootsPem, "-out", _folder.File("out.json"),
            "-policy", Crypto.CertificatePolicies.GatewayReceiptSeal, "-explicit_policy"];
        var accepted = ExternalTool.RunOpenSsl(Policy(genuine));
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        var refused = ExternalTool.RunOpenSsl(Policy(forged));
        Assert.True(refused.ExitCode != 0, "openssl accepted a receipt signed by an agency key as a seal: " + refused);
        Assert.False(ReceiptVerifier.Verify(await File.ReadAllBytesAsync(forged), gateway.Trust).Valid);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("signature")]
    [InlineData("timestamp")]
    public async Task A_tampered_receipt_is_refused_by_openssl_and_by_us(string where)
    {
        if (!ExternalTool.RequireOpenSsl()) return;
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var bytes = submitted.Receipt.Signed.ToByteArray();
        var at = where switch
        {
            "json" => bytes.AsSpan().IndexOf("\"receiptId\""u8) + 3,
            // The last bytes of the SignerInfo are the time-stamp token (unsigned attribute); before it sits the signature value.
            "timestamp" => bytes.Length - 40,
            _ => SignatureValueOffset(bytes),
        };
        bytes[at] ^= 0x5A;
        var path = _folder.File($"tampered-{where}.p7s");
        await File.WriteAllBytesAsync(path, bytes);

        Assert.False(ReceiptVerifier.Verify(bytes, gateway.Trust).Valid);
        if (where != "timestamp")
        {
            // openssl cms -verify does not look into unsigned attributes; the other two it must catch.
            var result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", gateway.Pki.RootsPem, "-out", _folder.File("out.json"));
            Assert.True(result.ExitCode != 0, $"openssl accepted a receipt tampered in its {where}: {result}");
        }
    }

    [Fact]
    public async Task Openssl_ts_verify_accepts_a_token_from_the_timestamping_rpc()
    {
        if (!ExternalTool.RequireOpenSsl()) return;
        var data = RandomNumberGenerator.GetBytes(1000);
        var digest = SHA256.HashData(data);
        var response = await new Timestamping.TimestampingClient(gateway.Channel(A)).TimestampAsync(new TimestampRequest
        {
            Digest = ByteString.CopyFrom(digest), HashAlgorithm = "SHA-256", Nonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(8)),
        });
        var token = _folder.File("token.der");
        await File.WriteAllBytesAsync(token, response.Token.ToByteArray());
        await File.WriteAllBytesAsync(_folder.File("data.bin"), data);

        var result = ExternalTool.RunOpenSsl("ts", "-verify", "-in", token, "-token_in", "-data", _folder.File("data.bin"),
            "-CAfile", gateway.Pki.RootsPem, "-untrusted", gateway.Pki.TsaCertificate);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Verification: OK", result.StandardOutput);
    }

    [Fact]
    public async Task The_embedded_tsa_answers_rfc3161_over_http_for_openssl()
    {
        if (!ExternalTool.RequireOpenSsl()) return;
        await File.WriteAllBytesAsync(_folder.File("data.bin"), RandomNumberGenerator.GetBytes(2000));
        var query = ExternalTool.RunOpenSsl("ts", "-query", "-data", _folder.File("data.bin"), "-sha256", "-cert", "-out", _folder.File("q.tsq"));
        Assert.True(query.ExitCode == 0, query.ToString());

        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && ChainsToRoots(certificate),
        });
        var body = new ByteArrayContent(await File.ReadAllBytesAsync(_folder.File("q.tsq")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var reply = await http.PostAsync(gateway.Address + "/tsa", body);
        Assert.Equal(System.Net.HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("application/timestamp-reply", reply.Content.Headers.ContentType?.MediaType);
        await File.WriteAllBytesAsync(_folder.File("r.tsr"), await reply.Content.ReadAsByteArrayAsync());

        var verify = ExternalTool.RunOpenSsl("ts", "-verify", "-in", _folder.File("r.tsr"), "-queryfile", _folder.File("q.tsq"),
            "-CAfile", gateway.Pki.RootsPem, "-untrusted", gateway.Pki.TsaCertificate);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // A query that is not a query gets an RFC 3161 rejection, not a crash.
        using var garbage = new ByteArrayContent("not a query"u8.ToArray());
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var rejected = await http.PostAsync(gateway.Address + "/tsa", garbage);
        Assert.Equal(System.Net.HttpStatusCode.OK, rejected.StatusCode);
        await File.WriteAllBytesAsync(_folder.File("rejected.tsr"), await rejected.Content.ReadAsByteArrayAsync());
        var text = ExternalTool.RunOpenSsl("ts", "-reply", "-in", _folder.File("rejected.tsr"), "-text");
        Assert.Contains("Rejected", text.StandardOutput + text.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private bool ChainsToRoots(X509Certificate2 certificate)
    {
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(gateway.Pki.IntermediatesPem);
        using var chain = gateway.Trust.CreateChain(intermediates);
        return chain.Build(certificate);
    }

    /// <summary>The SignerInfo's signature OCTET STRING: found by its value, read back from the CMS.</summary>
    private static int SignatureValueOffset(byte[] cms)
    {
        var signed = new Org.BouncyCastle.Cms.CmsSignedData(cms);
        var signer = signed.GetSignerInfos().GetSigners().Single();
        var signature = signer.GetSignature();
        return cms.AsSpan().IndexOf(signature) + signature.Length / 2;
    }
}
