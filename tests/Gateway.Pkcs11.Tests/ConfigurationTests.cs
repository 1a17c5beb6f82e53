using System.Security.Cryptography;
using Gateway.Evidence;
using Gateway.Pkcs11;
using Gateway.Server;
using Gateway.Server.Internal;

namespace Gateway.Pkcs11.Tests;

/// <summary>The gateway's seal and TSA keys named by PKCS#11 URIs in configuration, and what a wrong one says.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class ConfigurationTests(SoftHsm hsm)
{
    [Fact]
    public async Task Seal_and_tsa_keys_named_by_uris_issue_a_receipt()
    {
        if (!hsm.Available) return;
        var pinFile = hsm.Folder.File("pin");
        File.WriteAllText(pinFile, SoftHsm.Pin + "\n");
        var options = new GatewayOptions
        {
            PkiDirectory = hsm.Pki.Directory,
            CreateDevelopmentPki = false,
            Development = { Insecure = true },
            Pkcs11 = { ModulePath = hsm.ModulePath, PinEnvironmentVariable = SoftHsm.PinVariable },
        };
        options.Seal.KeyPath = $"pkcs11:token={SoftHsm.TokenLabel};object=seal";
        // The TSA key by id, its PIN from a file and its module in the URI; its certificate from a file.
        options.Tsa.Key.KeyPath = $"pkcs11:token={SoftHsm.TokenLabel};id=%03?module-path={hsm.ModulePath}&pin-source=file://{pinFile}";
        options.Tsa.Key.CertificatePath = hsm.TsaCertificate;

        using var keys = GatewayKeys.Load(options);
        Assert.IsType<Pkcs11SigningKey>(keys.Seal);
        Assert.Equal("CN=HSM Seal, O=Gateway Tests, C=TH", keys.Seal.Certificate.Subject);
        Assert.Single(keys.Seal.Chain);
        // Readiness signs a probe with the seal: with a token key this is the round trip to the token.
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, KeyStoreHealthCheck.Check(keys.Seal, TimeProvider.System).Status);
        var issued = await new ReceiptIssuer(keys.Seal, keys.TimeStamps).IssueAsync(new ReceiptContent
        {
            ReceiptId = "hsm-config",
            Event = ReceiptEvent.SubmissionRejection,
            Sender = new ReceiptParty("agency-a"),
            Rejection = new ReceiptRejection("RECIPIENT_UNKNOWN", "no agency", "recipient_agency"),
            GatewayTime = DateTimeOffset.UtcNow,
            GatewayId = "hsm-test",
        });
        var verdict = ReceiptVerifier.Verify(issued.Signed, keys.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
    }

    [Theory]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-value=73915468", "pin-value is refused")]
    [InlineData("pkcs11:token=gw-test;object=nothing", "no private key pkcs11:token=gw-test;object=nothing")]
    [InlineData("pkcs11:token=no-such-token;object=seal", "no PKCS#11 token labelled 'no-such-token'")]
    [InlineData("pkcs11:token=gw-test;object=seal?module-path=/nowhere/libpkcs11.so", "PKCS#11 module '/nowhere/libpkcs11.so' does not exist")]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file:///nowhere/pin", "cannot read the PIN file '/nowhere/pin'")]
    [InlineData("pkcs11:token=gw-test;object=seal?pin-source=file://WRONGPIN", "CKR_PIN_INCORRECT")]
    [InlineData("pkcs11:token=gw-test;object=rsa", "does not belong to certificate 'CN=HSM Seal")]
    [InlineData("pkcs11:token=gw-test;object=rsa?pin-source=file://WRONGPIN", "another PIN for token 'gw-test'")]
    public void A_wrong_key_name_fails_with_the_reason_and_no_secret(string uri, string reason)
    {
        if (!hsm.Available) return;
        var wrongPin = hsm.Folder.File("wrong-pin");
        File.WriteAllText(wrongPin, "00000000");
        uri = uri.Replace("file://WRONGPIN", "file://" + wrongPin);
        // The last case asks for a key with another PIN while the token is open with the right one.
        using var open = reason.Contains("another PIN") ? hsm.Seal() : null;
        var error = Record.Exception(() =>
        {
            using var key = Pkcs11KeyStore.Load(uri, hsm.Options, uri.EndsWith("object=rsa") ? hsm.SealCertificate : null);
        });
        Assert.NotNull(error);
        hsm.Transcript.Enqueue(error.ToString());
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain(SoftHsm.Pin, error.ToString());
        Assert.DoesNotContain("00000000", error.ToString());
    }

    [Fact]
    public void Without_a_pin_the_error_names_the_variable_to_set()
    {
        if (!hsm.Available) return;
        var error = Assert.Throws<Pkcs11KeyException>(() => Pkcs11KeyStore.Load($"pkcs11:token={SoftHsm.TokenLabel};object=seal",
            new Pkcs11Options { ModulePath = hsm.ModulePath, PinEnvironmentVariable = "GW_PKCS11_TEST_UNSET" }));
        hsm.Transcript.Enqueue(error.ToString());
        Assert.Contains("GW_PKCS11_TEST_UNSET", error.Message);
    }
}
