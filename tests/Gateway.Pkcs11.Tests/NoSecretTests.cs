using Gateway.Cli;
using Gateway.Server;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// Failures with token keys (a wrong PIN, a missing token, a missing PIN file) in the gateway's start and in gw say
/// what is wrong and show no secret. The whole run's transcript (every CLI output, exception, tool output and the
/// in-process gateway's log) is searched again at the end of the run (<see cref="SoftHsm.Dispose"/>).
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class NoSecretTests(SoftHsm hsm)
{
    [Theory]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file://WRONGPIN", "CKR_PIN_INCORRECT")]
    [InlineData("pkcs11:token=no-such-token;object=seal", "no PKCS#11 token labelled 'no-such-token'")]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file:///nowhere/pin", "cannot read the PIN file")]
    public async Task Failures_with_token_keys_show_no_pin_and_no_private_key(string uri, string reason)
    {
        if (!hsm.Available) return;
        var wrongPin = hsm.Folder.File("secret-wrong-pin");
        File.WriteAllText(wrongPin, "00000000");
        uri = uri.Replace("file://WRONGPIN", "file://" + wrongPin);
        var said = new List<string>();

        // The gateway's start, with the seal and then the log key in the token.
        foreach (var setting in new[] { "Seal:KeyPath", "EvidenceLog:KeyPath" })
        {
            var start = Record.Exception(() => GatewayHost.Build([$"--Gateway:{setting}={uri}", "--Logging:LogLevel:Default=Warning"], o =>
            {
                o.Listen = "https://127.0.0.1:0";
                o.DataDirectory = hsm.Folder.File("secret-data");
                o.PkiDirectory = hsm.Pki.Directory;
                o.Development.RevocationListen = null;
                o.Pkcs11.ModulePath = hsm.ModulePath;
                o.Pkcs11.PinEnvironmentVariable = SoftHsm.PinVariable;
            }));
            Assert.NotNull(start);
            said.Add(start.ToString());
        }
        Assert.Contains(said, s => s.Contains(reason, StringComparison.Ordinal));

        // gw: signing, listing and the doctor with the same key.
        Environment.SetEnvironmentVariable("GW_PKCS11_PIN", SoftHsm.Pin);
        Environment.SetEnvironmentVariable("GW_PKCS11_MODULE", hsm.ModulePath);
        var sign = await GwCommand.RunCapturedAsync("sign", "detached", RepositoryPaths.Sample("permit.pdf"), "--key", uri, "--pki", hsm.Pki.Directory);
        Assert.Equal(GwCommand.Failed, sign.Code);
        Assert.Contains(reason, sign.Error);
        var parsed = Pkcs11Uri.Parse(uri);
        var list = await GwCommand.RunCapturedAsync(["keys", "list", "--token", parsed.Token!, "--json", .. parsed.PinFile is { } pin ? new[] { "--pin-file", pin } : []]);
        Assert.Equal(GwCommand.Failed, list.Code);
        var doctor = await GwCommand.RunCapturedAsync("doctor", "--pki", hsm.Pki.Directory, "--data", hsm.Folder.File("secret-data"), $"--Gateway:Seal:KeyPath={uri}",
            $"--Gateway:Pkcs11:ModulePath={hsm.ModulePath}");
        Assert.Equal(GwCommand.Failed, doctor.Code);
        said.AddRange([sign.Out, sign.Error, list.Out, list.Error, doctor.Out, doctor.Error]);

        var needles = SecretMaterial.Of(hsm.Pki);
        Assert.NotEmpty(needles);
        foreach (var text in said)
        {
            hsm.Transcript.Enqueue(text);
            hsm.AssertNoSecret(text, needles);
            Assert.DoesNotContain("00000000", text);
        }
    }
}
