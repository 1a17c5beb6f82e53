using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Pkcs11;
using Gateway.Signing;
using Xunit.Abstractions;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// Every artefact the gateway signs, signed with keys in the SoftHSM2 token and checked by the same
/// external tools as with file keys: openssl cms / ts and pdfsig.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class ArtefactSigningTests(SoftHsm hsm, ITestOutputHelper output)
{
    [Fact]
    public async Task A_receipt_sealed_in_the_token_verifies_with_openssl_cms()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        using var seal = hsm.Seal();
        using var tsaKey = hsm.Tsa();
        hsm.Transcript.Enqueue(seal.ToString());
        var issued = await new ReceiptIssuer(seal, new EmbeddedTimeStampAuthority(tsaKey)).IssueAsync(new ReceiptContent
        {
            ReceiptId = "hsm-1",
            Event = ReceiptEvent.SubmissionRejection,
            Sender = new ReceiptParty("agency-a"),
            Rejection = new ReceiptRejection("RECIPIENT_UNKNOWN", "no agency 'agency-x'", "recipient_agency"),
            GatewayTime = DateTimeOffset.UtcNow,
            GatewayId = "hsm-test",
        });

        var path = Save("receipt.p7m", issued.Signed);
        var json = hsm.Folder.File("receipt.json");
        hsm.Run("openssl", "cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", hsm.Pki.RootsPem, "-out", json);
        Assert.Equal(issued.Json, File.ReadAllText(json));
        Assert.NotNull(issued.TimeStampTime);
    }

    [Theory]
    [InlineData("seal", false)]
    [InlineData("rsa", false)]
    [InlineData("rsa", true)]
    public async Task A_pdf_signed_in_the_token_verifies_with_pdfsig(string key, bool pss)
    {
        if (!hsm.Available) return;
        using var pdfsig = PdfSig.Create(hsm.Pki.RootsPem, output);
        if (pdfsig is null) return;
        using var signingKey = key == "seal" ? hsm.Seal() : hsm.Rsa();
        using var tsaKey = hsm.Tsa();
        var signed = await new PadesSigner(signingKey, new EmbeddedTimeStampAuthority(tsaKey)).SignAsync(
            File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf")), new PadesSignatureOptions { Level = PadesLevel.BaselineT, RsaPss = pss });

        var path = Save($"{key}{(pss ? "-pss" : "")}.pdf", signed);
        var signature = Assert.Single(pdfsig.Verify(path));
        hsm.Transcript.Enqueue(signature.Text);
        Assert.True(signature.Valid, signature.Text);
        Assert.True(pdfsig.ChainTrusted(path, signature), signature.Text);
    }

    [Theory]
    [InlineData("seal", false)]
    [InlineData("rsa", false)]
    [InlineData("rsa", true)]
    [InlineData("tsa", false)]
    public async Task A_detached_cades_signature_verifies_with_openssl_cms(string key, bool pss)
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        using var signingKey = key switch { "seal" => hsm.Seal(), "rsa" => hsm.Rsa(), _ => hsm.Tsa() };
        var content = RandomNumberGenerator.GetBytes(4096);
        var signature = await new CadesSigner(signingKey, null, rsaPss: pss).SignAsync(content, encapsulate: false);

        var name = $"detached-{key}{(pss ? "-pss" : "")}";
        // -purpose any: the TSA certificate's only (critical) usage is time-stamping, and this checks the signature.
        hsm.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", Save(name + ".p7s", signature), "-content", Save(name + ".bin", content),
            "-CAfile", hsm.Pki.RootsPem, "-purpose", "any", "-out", hsm.Folder.File(name + ".out"));
        var tampered = (byte[])content.Clone();
        tampered[0] ^= 1;
        var refused = ExternalTool.RunOpenSsl("cms", "-verify", "-binary", "-inform", "DER", "-in", hsm.Folder.File(name + ".p7s"), "-content", Save(name + ".bad", tampered),
            "-CAfile", hsm.Pki.RootsPem, "-purpose", "any", "-out", hsm.Folder.File(name + ".out"));
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public async Task A_time_stamp_token_from_the_embedded_tsa_verifies_with_openssl_ts()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        using var tsaKey = hsm.Tsa();
        var data = RandomNumberGenerator.GetBytes(1000);
        var token = await new EmbeddedTimeStampAuthority(tsaKey).GetTokenAsync(SHA256.HashData(data), HashAlgorithmName.SHA256);

        hsm.Run("openssl", "ts", "-verify", "-in", Save("token.tst", token), "-token_in", "-data", Save("token.data", data),
            "-CAfile", hsm.Pki.RootsPem, "-untrusted", hsm.TsaCertificate);
    }

    private string Save(string name, byte[] bytes)
    {
        var path = hsm.Folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
