using System.Text.Json.Nodes;
using Gateway.Cli;

namespace Gateway.Pkcs11.Tests;

/// <summary>`gw doctor` with keys in a token: each step (module, token, PIN source, key, test signature) reported, never the PIN.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class TokenDoctorTests(SoftHsm hsm)
{
    [Fact]
    public async Task Every_token_key_passes_each_step_and_the_log_key_shows_its_verifier_key()
    {
        if (!hsm.Available) return;
        var (code, checks, text) = await DoctorAsync($"pkcs11:token={SoftHsm.TokenLabel};object=seal");
        Assert.True(code == 0, text);
        foreach (var what in new[] { "seal key", "evidence log key" })
        foreach (var step in new[] { "module", "token", "PIN source", "key", "test signature" })
            Assert.Equal("ok", Status(checks, $"{what}: pkcs11 {step}"));
        Assert.Contains("verifies", Detail(checks, "evidence log key: pkcs11 test signature"));
        Assert.Contains("evidence-log+", Detail(checks, "evidence log key"));
        Assert.Contains($"${SoftHsm.PinVariable}", Detail(checks, "seal key: pkcs11 PIN source"));
    }

    [Theory]
    [InlineData("pkcs11:token=gw-test;object=seal?module-path=/nowhere/libpkcs11.so", "module", "does not exist")]
    [InlineData("pkcs11:token=no-such-token;object=seal", "token", "no token labelled 'no-such-token'")]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file:///nowhere/pin", "PIN source", "cannot read the PIN file '/nowhere/pin'")]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file://WRONGPIN", "key", "CKR_PIN_INCORRECT")]
    [InlineData("pkcs11:token=gw-test;object=nothing", "key", "no private key")]
    public async Task A_broken_token_key_fails_at_the_step_that_is_wrong(string uri, string step, string reason)
    {
        if (!hsm.Available) return;
        var wrongPin = hsm.Folder.File("doctor-wrong-pin");
        File.WriteAllText(wrongPin, "00000000");
        var (code, checks, text) = await DoctorAsync(uri.Replace("file://WRONGPIN", "file://" + wrongPin));
        Assert.Equal(GwCommand.Failed, code);
        Assert.Equal("failed", Status(checks, $"seal key: pkcs11 {step}"));
        Assert.Contains(reason, Detail(checks, $"seal key: pkcs11 {step}"));
        Assert.DoesNotContain("00000000", text);
        hsm.AssertNoSecret(text);
    }

    private async Task<(int Code, JsonArray Checks, string Text)> DoctorAsync(string sealUri)
    {
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("doctor", "--pki", hsm.Pki.Directory, "--data", hsm.Folder.File("doctor-data"), "--json",
            $"--Gateway:Seal:KeyPath={sealUri}", $"--Gateway:EvidenceLog:KeyPath=pkcs11:token={SoftHsm.TokenLabel};object=log",
            $"--Gateway:Pkcs11:ModulePath={hsm.ModulePath}", $"--Gateway:Pkcs11:PinEnvironmentVariable={SoftHsm.PinVariable}");
        hsm.Transcript.Enqueue(stdout + error);
        return (code, JsonNode.Parse(stdout)!["checks"]!.AsArray(), stdout + error);
    }

    private static string? Status(JsonArray checks, string name) => (string?)checks.SingleOrDefault(c => (string?)c!["name"] == name)?["status"] ?? $"(no check '{name}')";

    private static string Detail(JsonArray checks, string name) => (string?)checks.SingleOrDefault(c => (string?)c!["name"] == name)?["detail"] ?? $"(no check '{name}')";
}
