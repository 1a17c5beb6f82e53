using System.Text;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Gateway.Server;
using Gateway.Server.Internal;
using Xunit.Abstractions;

namespace Gateway.Pkcs11.Tests;

/// <summary>The evidence log's Ed25519 checkpoint key in the token (CKK_EC_EDWARDS, CKM_EDDSA), named by a pkcs11: URI.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class LogKeyTests(SoftHsm hsm, ITestOutputHelper output)
{
    private const string Origin = "hsm-test/evidence-log";

    [Fact]
    public void An_ed25519_token_key_signs_notes_that_verify_with_its_public_key_and_with_openssl()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        using var key = Pkcs11KeyStore.LoadEd25519(Pkcs11Uri.Parse($"pkcs11:token={SoftHsm.TokenLabel};object=log"), hsm.Options);
        var signer = NoteSigner.FromEd25519Signer(Origin, key.PublicKey, key.Sign);
        var note = Checkpoints.Sign(SignedCheckpoint.MakeBody(Origin, 3, new byte[32], DateTimeOffset.UtcNow), signer);
        Assert.True(NoteVerifier.FromEd25519PublicKey(Origin, key.PublicKey).Verify(note, out _));
        Assert.Throws<InvalidOperationException>(() => signer.KeyString);

        // OpenSSL checks a CKM_EDDSA signature as pure Ed25519 (RFC 8032) over the message.
        var message = Encoding.UTF8.GetBytes("a checkpoint's note text\n");
        File.WriteAllBytes(hsm.Folder.File("ed.msg"), message);
        File.WriteAllBytes(hsm.Folder.File("ed.sig"), key.Sign(message));
        File.WriteAllText(hsm.Folder.File("ed.pub"), System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY",
            [.. Convert.FromHexString("302a300506032b6570032100"), .. key.PublicKey]));
        hsm.Run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", hsm.Folder.File("ed.pub"), "-rawin", "-in", hsm.Folder.File("ed.msg"), "-sigfile", hsm.Folder.File("ed.sig"));
    }

    [Fact]
    public void Keys_are_used_for_what_they_are()
    {
        if (!hsm.Available) return;
        var cms = Assert.Throws<Pkcs11KeyException>(() => hsm.Load("log"));
        Assert.Contains("Ed25519 key: it signs evidence-log checkpoints", cms.Message);
        var log = Assert.Throws<Pkcs11KeyException>(() => Pkcs11KeyStore.LoadEd25519(Pkcs11Uri.Parse($"pkcs11:token={SoftHsm.TokenLabel};object=seal"), hsm.Options));
        Assert.Contains("EC P-256 key, not Ed25519", log.Message);
        hsm.Transcript.Enqueue(cms + "\n" + log);
    }

    [Fact]
    public async Task The_evidence_log_seals_checkpoints_with_the_token_key_its_configuration_names()
    {
        if (!hsm.Available) return;
        var options = new GatewayOptions
        {
            PkiDirectory = hsm.Pki.Directory,
            CreateDevelopmentPki = false,
            Development = { Insecure = true },
            Pkcs11 = { ModulePath = hsm.ModulePath, PinEnvironmentVariable = SoftHsm.PinVariable },
            EvidenceLog = { Origin = Origin, KeyPath = $"pkcs11:token={SoftHsm.TokenLabel};object=log" },
        };
        using var keys = GatewayKeys.Load(options);
        using var telemetry = new ServerTelemetry();
        await using var log = EvidenceLogSetup.Open(options, keys, $"Data Source={hsm.Folder.File("token-log.db")}", telemetry);
        Assert.True(await log.SealAsync());

        using var key = Pkcs11KeyStore.LoadEd25519(Pkcs11Uri.Parse($"pkcs11:token={SoftHsm.TokenLabel};object=log"), hsm.Options);
        Assert.Equal(NoteVerifier.FromEd25519PublicKey(Origin, key.PublicKey).VerifierKey, log.VerifierKey);
        Assert.True(SignedCheckpoint.TryOpen(log.LatestCheckpoint!.Note, null, NoteVerifier.FromVerifierKey(log.VerifierKey), out _));
    }
}
