using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Tsp;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

[Collection(PkiCollection.Name)]
public sealed class EmbeddedTimeStampAuthorityTests(PkiFixture pki, ITestOutputHelper output)
{
    [Fact]
    public void Issue_returns_a_token_over_the_digest()
    {
        var digest = SHA256.HashData("receipt"u8);
        var nonce = new byte[] { 0x01, 0x02, 0x03 };
        var token = pki.Tsa.Issue(digest, HashAlgorithmName.SHA256, nonce);
        var info = TimeStampTokens.Parse(token);
        Assert.Equal(digest, info.MessageImprint);
        Assert.Equal("2.16.840.1.101.3.4.2.1", info.HashAlgorithmOid);
        Assert.Equal(TimeStampAuthorityOptions.DefaultPolicyOid, info.PolicyOid);
        Assert.Equal(nonce, info.Nonce);
        Assert.Contains("Gateway Development TSA", info.TsaName);
        Assert.InRange(info.GenTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.NotEqual(info.SerialNumberHex, TimeStampTokens.Parse(pki.Tsa.Issue(digest, HashAlgorithmName.SHA256)).SerialNumberHex);
    }

    [Fact]
    public void Uses_the_clock_it_is_given()
    {
        var fixedTime = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var tsa = new EmbeddedTimeStampAuthority(pki.TsaKey, new TimeStampAuthorityOptions { PolicyOid = "1.2.3.4" }, new FixedClock(fixedTime));
        var info = TimeStampTokens.Parse(tsa.Issue(SHA384.HashData("x"u8), HashAlgorithmName.SHA384, includeCertificates: false));
        Assert.Equal(fixedTime, info.GenTime);
        Assert.Equal("1.2.3.4", info.PolicyOid);
        Assert.Equal("2.16.840.1.101.3.4.2.2", info.HashAlgorithmOid);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0x00, 0x12 })]
    public void Respond_rejects_garbage_without_throwing(byte[] garbage)
    {
        var response = new TimeStampResponse(pki.Tsa.Respond(garbage));
        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.True((response.GetFailInfo().IntValue & PkiFailureInfo.BadDataFormat) != 0);
        Assert.Null(response.TimeStampToken);
    }

    [Fact]
    public void Respond_rejects_sha1_with_bad_alg()
    {
        var generator = new TimeStampRequestGenerator();
        var request = generator.Generate("1.3.14.3.2.26", new byte[20]);
        var response = new TimeStampResponse(pki.Tsa.Respond(request.GetEncoded()));
        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.True((response.GetFailInfo().IntValue & PkiFailureInfo.BadAlg) != 0);
    }

    [Fact]
    public void Respond_grants_a_valid_request()
    {
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var request = generator.Generate("2.16.840.1.101.3.4.2.1", SHA256.HashData("y"u8), Org.BouncyCastle.Math.BigInteger.ValueOf(42));
        var response = new TimeStampResponse(pki.Tsa.Respond(request.GetEncoded()));
        Assert.Equal((int)PkiStatus.Granted, response.Status);
        response.Validate(request);
    }

    [Fact]
    public void Is_thread_safe_and_serials_are_unique()
    {
        var serials = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 200, i =>
            serials.Add(TimeStampTokens.Parse(pki.Tsa.Issue(SHA256.HashData(BitConverter.GetBytes(i)), HashAlgorithmName.SHA256)).SerialNumberHex));
        Assert.Equal(200, serials.Distinct().Count());
    }

    [Fact]
    public void Parse_throws_crypto_format_exception_on_garbage()
    {
        Assert.Throws<CryptoFormatException>(() => TimeStampTokens.Parse([1, 2, 3]));
        Assert.Throws<CryptoFormatException>(() => TimeStampTokens.Parse([]));
    }

    [Fact]
    public void Openssl_ts_verifies_responses_and_tokens()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        var dir = pki.NewTempDirectory();
        var data = Path.Combine(dir, "data.bin");
        File.WriteAllBytes(data, RandomNumberGenerator.GetBytes(1000));
        var query = Path.Combine(dir, "q.tsq");
        var create = ExternalTool.RunOpenSsl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", query);
        Assert.True(create.ExitCode == 0, create.ToString());

        var responsePath = Path.Combine(dir, "resp.tsr");
        File.WriteAllBytes(responsePath, pki.Tsa.Respond(File.ReadAllBytes(query)));
        var verify = ExternalTool.RunOpenSsl("ts", "-verify", "-in", responsePath, "-queryfile", query, "-CAfile", pki.Layout.RootsPem, "-untrusted", pki.Layout.TsaCertificate);
        output.WriteLine(verify.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verification: OK", verify.StandardOutput);

        var tokenPath = Path.Combine(dir, "token.der");
        File.WriteAllBytes(tokenPath, pki.Tsa.Issue(SHA256.HashData(File.ReadAllBytes(data)), HashAlgorithmName.SHA256));
        var verifyToken = ExternalTool.RunOpenSsl("ts", "-verify", "-in", tokenPath, "-token_in", "-data", data, "-CAfile", pki.Layout.RootsPem, "-untrusted", pki.Layout.TsaCertificate);
        output.WriteLine(verifyToken.ToString());
        Assert.True(verifyToken.ExitCode == 0, verifyToken.ToString());

        var text = ExternalTool.RunOpenSsl("ts", "-reply", "-in", responsePath, "-text");
        output.WriteLine(text.ToString());
        Assert.Contains("Granted", text.StandardOutput);

        // A token over other data must be refused: the check is real, not a formality.
        File.WriteAllBytes(data, [1, 2, 3]);
        var wrong = ExternalTool.RunOpenSsl("ts", "-verify", "-in", tokenPath, "-token_in", "-data", data, "-CAfile", pki.Layout.RootsPem, "-untrusted", pki.Layout.TsaCertificate);
        Assert.NotEqual(0, wrong.ExitCode);
    }
}
