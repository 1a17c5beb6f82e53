using System.Security.Cryptography;
using Gateway.Cli;
using Gateway.EvidenceLog;
using Xunit.Abstractions;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// `gw keys generate|import-cert|list` as an operator runs them: the key pair made in the token, a CSR the token
/// signed (checked by openssl req), the CA's certificate stored next to the key, and the listed URI used as is.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class KeysCliTests(SoftHsm hsm, ITestOutputHelper output)
{
    [Theory]
    [InlineData("ec-p256", "EC P-256")]
    [InlineData("ec-p384", "EC P-384")]
    [InlineData("rsa-2048", "RSA 2048")]
    public async Task Generate_writes_a_csr_the_token_signed_and_import_cert_stores_the_issued_certificate(string type, string described)
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        var label = $"cli-{type}";
        var csr = hsm.Folder.File(label + ".csr");
        var generated = await hsm.KeysAsync("generate", "--label", label, "--type", type, "--subject", $"CN=Gateway CLI {type}, O=Gateway Tests, C=TH", "--csr", csr);
        Assert.Equal(described, (string?)generated["type"]);
        Assert.Null(generated["certificate"]);
        hsm.Run("openssl", "req", "-verify", "-noout", "-in", csr);

        var certificate = hsm.IssueFromRequest(File.ReadAllText(csr));
        var pem = hsm.Folder.File(label + ".crt");
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n" + hsm.IssuingCaPem);
        var imported = await hsm.KeysAsync("import-cert", pem, "--label", label);
        Assert.Equal(certificate.Subject, (string?)imported["certificate"]?["subject"]);

        var listed = await hsm.KeysAsync("list");
        var entry = listed["keys"]!.AsArray().Single(k => (string?)k!["label"] == label)!;
        Assert.Equal(certificate.SerialNumber, (string?)entry["certificate"]?["serialNumber"]);
        var uri = (string)entry["uri"]!;
        Assert.StartsWith($"pkcs11:token={SoftHsm.TokenLabel};object={label};id=%", uri);
        Assert.Contains("module-path=", uri);

        // The listed URI is what configuration takes: the key signs, with the certificate and chain the token now holds.
        using var key = Pkcs11KeyStore.Load(uri, hsm.Options);
        Assert.Equal(certificate.Thumbprint, key.Certificate.Thumbprint);
        Assert.Single(key.Chain);
        var hash = SHA256.HashData("made in the token"u8);
        Assert.True(TokenKeyTests.Verifies(key, hash, key.SignHash(hash, HashAlgorithmName.SHA256)));
    }

    [Fact]
    public async Task Generate_ed25519_gives_the_log_key_a_public_key_file_and_its_verifier_key()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        var publicKey = hsm.Folder.File("cli-log.pub");
        var generated = await hsm.KeysAsync("generate", "--label", "cli-log", "--type", "ed25519", "--origin", "hsm-test/evidence-log", "--public-key", publicKey);
        Assert.Equal("Ed25519", (string?)generated["type"]);
        hsm.Run("openssl", "pkey", "-pubin", "-in", publicKey, "-noout");
        Assert.Equal((string?)generated["verifierKey"], LogKeys.LoadVerifier(publicKey, "hsm-test/evidence-log").VerifierKey);
    }

    [Fact]
    public async Task A_certificate_for_another_key_and_a_second_key_of_one_label_are_refused()
    {
        if (!hsm.Available) return;
        var (code, _, error) = await hsm.GwKeysAsync("import-cert", hsm.SealCertificate, "--label", "rsa");
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains("is not for the key", error);

        (code, _, error) = await hsm.GwKeysAsync("generate", "--label", "seal", "--subject", "CN=Twice");
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains("already holds a key labelled 'seal'", error);

        (code, _, error) = await hsm.GwKeysAsync("import-cert", hsm.SealCertificate, "--label", "seal");
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains("replace it explicitly", error);
    }

    [Fact]
    public async Task The_pin_comes_only_from_the_environment_or_a_file()
    {
        if (!hsm.Available) return;
        var (code, _, error) = await GwCommand.RunCapturedAsync("keys", "list", "--token", SoftHsm.TokenLabel, "--module", hsm.ModulePath, "--pin", "123456");
        Assert.Equal(GwCommand.Usage, code);
        hsm.Transcript.Enqueue(error);

        var pinFile = hsm.Folder.File("cli-pin");
        File.WriteAllText(pinFile, SoftHsm.Pin + "\n");
        Environment.SetEnvironmentVariable("GW_PKCS11_PIN", null);
        var listed = await GwCommand.RunCapturedAsync("keys", "list", "--token", SoftHsm.TokenLabel, "--module", hsm.ModulePath, "--pin-file", pinFile);
        hsm.Transcript.Enqueue(listed.Out + listed.Error);
        Assert.True(listed.Code == 0, listed.Error);
        Assert.Contains("pkcs11:token=gw-test;object=seal;id=%01", listed.Out);
        Assert.Contains("CN=HSM Seal", listed.Out);
    }
}
