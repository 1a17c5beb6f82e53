using System.Text;
using Gateway.Crypto;
using Xunit.Abstractions;

namespace Gateway.EvidenceLog.Tests;

/// <summary>Checkpoints time-stamped by the real embedded TSA: OpenSSL verifies each token over its note, and so does a bundle verifier.</summary>
public sealed class CheckpointTimeStampTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new("gw-evlog-tsa");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_checkpoint_token_verifies_with_openssl_ts_and_a_bundle_verifies_offline()
    {
        var pki = DevPki.Create(_folder.File("pki"), new DevPkiOptions { Agencies = [] });
        var tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey));
        await using var h = await LogHarness.StartAsync(tsa);
        for (var i = 0; i < 3; i++) await h.AppendAsync("t" + i);
        await h.Log.SealAsync();
        var checkpoint = h.Log.LatestCheckpoint!;

        var trust = TrustStore.Load(pki.RootsPem);
        var bundle = new ReceiptBundle(LogHarness.Data("t1"), InclusionEvidence.From(await h.Log.InclusionProofAsync(1, 3)));
        Assert.True(ReceiptBundle.TryParse(bundle.ToJsonBytes(), out var read, out var error), error);
        var verdict = read!.Evidence.Verify(read.Receipt, h.Verifier, trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        Assert.NotNull(verdict.CheckpointTimeStamp);
        Assert.Equal(3, verdict.Checkpoint!.Size);

        // Another note under the same token, or foreign trust anchors: refused.
        var foreign = DevPki.Create(_folder.File("foreign"), new DevPkiOptions { Agencies = [] });
        Assert.False(read.Evidence.Verify(read.Receipt, h.Verifier, TrustStore.Load(foreign.RootsPem)).Valid);
        Assert.False((read.Evidence with { CheckpointTimestamp = [] }).Verify(read.Receipt, h.Verifier, trust).Valid);

        if (!ExternalTool.RequireOpenSsl(output)) return;
        await File.WriteAllTextAsync(_folder.File("checkpoint.note"), checkpoint.Note, new UTF8Encoding(false));
        await File.WriteAllBytesAsync(_folder.File("checkpoint.tst"), checkpoint.TimeStampToken);
        var result = ExternalTool.RunOpenSsl("ts", "-verify", "-data", _folder.File("checkpoint.note"), "-in", _folder.File("checkpoint.tst"), "-token_in",
            "-CAfile", pki.RootsPem, "-untrusted", pki.TsaCertificate);
        Assert.True(result.ExitCode == 0 && result.StandardOutput.Contains("Verification: OK"), result.ToString());

        await File.WriteAllTextAsync(_folder.File("other.note"), checkpoint.Note.Replace("\n3\n", "\n4\n"), new UTF8Encoding(false));
        var wrong = ExternalTool.RunOpenSsl("ts", "-verify", "-data", _folder.File("other.note"), "-in", _folder.File("checkpoint.tst"), "-token_in",
            "-CAfile", pki.RootsPem, "-untrusted", pki.TsaCertificate);
        Assert.NotEqual(0, wrong.ExitCode);
    }

    [Fact]
    public void Malformed_bundles_and_evidence_are_refused_without_throwing()
    {
        Assert.False(ReceiptBundle.TryParse("{}"u8, out _, out var error));
        Assert.NotNull(error);
        Assert.False(ReceiptBundle.TryParse("[1]"u8, out _, out _));
        Assert.False(ReceiptBundle.TryParse("{\"format\":\"https://gateway.example/schemas/receipt-bundle/v1\",\"receipt\":\"AA==\"}"u8, out _, out _));
        Assert.True(ReceiptBundle.LooksLikeBundle(" \n{"u8));
        Assert.False(ReceiptBundle.LooksLikeBundle([0x30, 0x82]));
        var verifier = Merkle.NoteVerifier.FromVerifierKey(Merkle.NoteSigner.Generate("x/log").VerifierKey);
        var evidence = new InclusionEvidence(0, 1, new byte[32], [], "garbage", []);
        Assert.False(evidence.Verify([1], verifier, null).Valid);
    }
}
