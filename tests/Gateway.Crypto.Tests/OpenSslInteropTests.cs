using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

[Collection(PkiCollection.Name)]
public sealed class OpenSslInteropTests(PkiFixture pki, ITestOutputHelper output)
{
    private static readonly byte[] Receipt = Encoding.UTF8.GetBytes("ใบตอบรับ receipt R-0002 for DOC-77\n");

    [Fact]
    public async Task Openssl_cms_verifies_an_attached_B_T_signature_and_refuses_a_flipped_byte()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        var dir = pki.NewTempDirectory();
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: true);
        var signed = Path.Combine(dir, "x.p7s");
        await File.WriteAllBytesAsync(signed, cms);

        // -purpose any: accept whatever the seal certificate's purposes are.
        var anyPurpose = Path.Combine(dir, "any.out");
        var result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", signed, "-CAfile", pki.Layout.RootsPem, "-purpose", "any", "-binary", "-out", anyPurpose);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Receipt, await File.ReadAllBytesAsync(anyPurpose));

        // Default purpose (smimesign) also passes: the seal certificate has no EKU to conflict with it and
        // its key usage has digitalSignature and nonRepudiation.
        var defaultPurpose = Path.Combine(dir, "default.out");
        result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", signed, "-CAfile", pki.Layout.RootsPem, "-binary", "-out", defaultPurpose);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Receipt, await File.ReadAllBytesAsync(defaultPurpose));

        // Printing the content to stdout, as an operator would.
        result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", signed, "-CAfile", pki.Layout.RootsPem, "-binary");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("receipt R-0002", result.StandardOutput);

        var signature = new Org.BouncyCastle.Cms.CmsSignedData(cms).GetSignerInfos().GetSigners().Single().GetSignature();
        var flipped = (byte[])cms.Clone();
        flipped[flipped.AsSpan().IndexOf(signature) + 10] ^= 0x01;
        var flippedPath = Path.Combine(dir, "flipped.p7s");
        await File.WriteAllBytesAsync(flippedPath, flipped);
        result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", flippedPath, "-CAfile", pki.Layout.RootsPem, "-purpose", "any", "-binary");
        output.WriteLine(result.ToString());
        Assert.NotEqual(0, result.ExitCode);

        var content = (byte[])cms.Clone();
        content[content.AsSpan().IndexOf(Receipt) + 2] ^= 0x01;
        await File.WriteAllBytesAsync(flippedPath, content);
        result = ExternalTool.RunOpenSsl("cms", "-verify", "-inform", "DER", "-in", flippedPath, "-CAfile", pki.Layout.RootsPem, "-purpose", "any", "-binary");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Openssl_cms_verifies_a_detached_signature()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        var dir = pki.NewTempDirectory();
        var data = Path.Combine(dir, "data.bin");
        var signed = Path.Combine(dir, "d.p7s");
        await File.WriteAllBytesAsync(data, Receipt);
        await File.WriteAllBytesAsync(signed, await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: false));
        var result = ExternalTool.RunOpenSsl("cms", "-verify", "-binary", "-inform", "DER", "-in", signed, "-content", data, "-CAfile", pki.Layout.RootsPem, "-out", Path.Combine(dir, "out"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Verifier_accepts_an_openssl_cades_signature()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        var dir = pki.NewTempDirectory();
        var data = Path.Combine(dir, "data.bin");
        var signed = Path.Combine(dir, "o.p7s");
        await File.WriteAllBytesAsync(data, Receipt);
        var result = ExternalTool.RunOpenSsl("cms", "-sign", "-cades", "-binary", "-nodetach", "-md", "sha256", "-in", data, "-signer", pki.Layout.SealCertificate,
            "-inkey", pki.Layout.SealKey, "-certfile", pki.Layout.IntermediatesPem, "-outform", "DER", "-out", signed);
        Assert.True(result.ExitCode == 0, result.ToString());

        var verification = CadesVerifier.Verify(await File.ReadAllBytesAsync(signed), pki.Trust);
        Assert.True(verification.Valid, string.Join("; ", verification.Errors));
        Assert.Equal(Receipt, verification.Content);

        // openssl without -cades has no signing-certificate-v2: refused as CAdES.
        result = ExternalTool.RunOpenSsl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", data, "-signer", pki.Layout.SealCertificate,
            "-inkey", pki.Layout.SealKey, "-outform", "DER", "-out", signed);
        Assert.True(result.ExitCode == 0, result.ToString());
        verification = CadesVerifier.Verify(await File.ReadAllBytesAsync(signed), pki.Trust);
        Assert.Equal("NO_SIGNING_CERTIFICATE_FOUND", verification.SubIndication);

        // SHA-1 digests are refused by policy.
        result = ExternalTool.RunOpenSsl("cms", "-sign", "-cades", "-binary", "-nodetach", "-md", "sha1", "-in", data, "-signer", pki.Layout.SealCertificate,
            "-inkey", pki.Layout.SealKey, "-outform", "DER", "-out", signed);
        if (result.ExitCode == 0)
        {
            verification = CadesVerifier.Verify(await File.ReadAllBytesAsync(signed), pki.Trust);
            Assert.Equal("CRYPTO_CONSTRAINTS_FAILURE", verification.SubIndication);
        }
    }

    [Fact]
    public async Task Http_client_gets_a_token_from_openssl_ts_reply_and_signs_B_T_with_it()
    {
        if (!ExternalTool.RequireOpenSsl(output))
        {
            return;
        }

        using var server = new OpenSslTsaServer(pki.Layout, pki.NewTempDirectory());
        var client = new HttpTimeStampClient(server.Url);
        var digest = SHA256.HashData(Receipt);
        var token = await client.GetTokenAsync(digest, HashAlgorithmName.SHA256);
        var info = TimeStampTokens.Parse(token);
        Assert.Equal(digest, info.MessageImprint);
        Assert.Equal(OpenSslTsaServer.PolicyOid, info.PolicyOid);
        Assert.NotNull(info.Nonce);
        Assert.InRange(info.GenTime, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(2));

        var cms = await new CadesSigner(pki.Seal, client).SignAsync(Receipt, encapsulate: true);
        var verification = CadesVerifier.Verify(cms, pki.Trust, requireTimeStamp: true);
        Assert.True(verification.Valid, string.Join("; ", verification.Errors));
        Assert.Equal(OpenSslTsaServer.PolicyOid, verification.SignatureTimeStamp!.PolicyOid);

        var sha512 = await client.GetTokenAsync(SHA512.HashData(Receipt), HashAlgorithmName.SHA512);
        Assert.Equal("2.16.840.1.101.3.4.2.3", TimeStampTokens.Parse(sha512).HashAlgorithmOid);
    }

    [Fact]
    public async Task Http_client_reports_an_unreachable_tsa()
    {
        var client = new HttpTimeStampClient(new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/tsa"), timeout: TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<TimeStampException>(() => client.GetTokenAsync(new byte[32], HashAlgorithmName.SHA256));
        Assert.Equal("TSA_UNREACHABLE", error.Reason);
    }

    [Fact]
    public async Task Http_client_reports_a_rejection_and_a_bad_answer()
    {
        // The embedded TSA behind a listener stands in for a TSA that says no (unaccepted policy) or garbles its answer.
        var port = LoopbackPort.Free();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var mode = "reject";
        var serve = Task.Run(async () =>
        {
            for (int i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                byte[] body = mode == "reject"
                    ? pki.Tsa.Respond([0x30, 0x00])
                    : [0x30, 0x03, 0x02, 0x01, 0x00];
                context.Response.ContentType = "application/timestamp-reply";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        var client = new HttpTimeStampClient(new Uri($"http://127.0.0.1:{port}/"));
        var rejected = await Assert.ThrowsAsync<TimeStampException>(() => client.GetTokenAsync(new byte[32], HashAlgorithmName.SHA256));
        Assert.Equal("TSA_REJECTED", rejected.Reason);
        mode = "garbage";
        var bad = await Assert.ThrowsAsync<TimeStampException>(() => client.GetTokenAsync(new byte[32], HashAlgorithmName.SHA256));
        Assert.Equal("TSA_BAD_RESPONSE", bad.Reason);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
