using Gateway.Cli;
using Xunit.Abstractions;

namespace Gateway.Pkcs11.Tests;

/// <summary>`gw sign pdf|detached --key pkcs11:...`: the PIN from GW_PKCS11_PIN, never from the command line.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class CliSigningTests(SoftHsm hsm, ITestOutputHelper output)
{
    [Fact]
    public async Task Gw_sign_pdf_with_a_token_key_gives_a_pdf_pdfsig_accepts()
    {
        if (!hsm.Available) return;
        using var pdfsig = PdfSig.Create(hsm.Pki.RootsPem, output);
        if (pdfsig is null) return;
        Environment.SetEnvironmentVariable("GW_PKCS11_PIN", SoftHsm.Pin);
        var signed = hsm.Folder.File("cli.pdf");
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("sign", "pdf", RepositoryPaths.Sample("permit.pdf"), "--out", signed,
            "--key", $"pkcs11:token={SoftHsm.TokenLabel};object=seal?module-path={hsm.ModulePath}", "--pki", hsm.Pki.Directory);
        hsm.Transcript.Enqueue(stdout + error);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("CN=HSM Seal", stdout);
        var signature = Assert.Single(pdfsig.Verify(signed));
        Assert.True(signature.Valid, signature.Text);
        Assert.True(pdfsig.ChainTrusted(signed, signature), signature.Text);
    }

    [Fact]
    public async Task Gw_sign_detached_with_a_token_key_and_a_certificate_file_verifies_with_openssl()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        Environment.SetEnvironmentVariable("GW_PKCS11_PIN", SoftHsm.Pin);
        Environment.SetEnvironmentVariable("GW_PKCS11_MODULE", hsm.ModulePath);
        var content = hsm.Folder.File("cli.txt");
        File.WriteAllText(content, "signed through gw with an RSA key in a token");
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("sign", "detached", content,
            "--key", $"pkcs11:token={SoftHsm.TokenLabel};id=%02", "--cert", hsm.RsaCertificate, "--pki", hsm.Pki.Directory);
        hsm.Transcript.Enqueue(stdout + error);
        Assert.True(code == 0, stdout + error);
        hsm.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", content + ".p7s", "-content", content,
            "-CAfile", hsm.Pki.RootsPem, "-purpose", "any", "-out", hsm.Folder.File("cli.out"));
    }

    [Fact]
    public async Task Gw_sign_with_a_pem_key_file_still_works()
    {
        if (!hsm.Available) return;
        var content = hsm.Folder.File("cli-pem.txt");
        File.WriteAllText(content, "signed with a PEM key named by --key");
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("sign", "detached", content,
            "--cert", hsm.Pki.SealCertificate, "--key", hsm.Pki.SealKey, "--pki", hsm.Pki.Directory);
        Assert.True(code == 0, stdout + error);
        Assert.True(File.Exists(content + ".p7s"));
    }

    [Fact]
    public async Task A_pin_on_the_command_line_is_refused_without_being_repeated()
    {
        if (!hsm.Available) return;
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("sign", "detached", RepositoryPaths.Sample("permit.pdf"),
            "--key", $"pkcs11:token={SoftHsm.TokenLabel};object=seal?pin-value={SoftHsm.Pin}");
        hsm.Transcript.Enqueue(stdout + error);
        Assert.NotEqual(0, code);
        Assert.Contains("pin-value is refused", error);
    }
}
