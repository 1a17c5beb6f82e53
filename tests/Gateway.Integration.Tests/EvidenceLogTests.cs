using System.Text;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Gateway.Testing;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>gateway.v1.EvidenceLog on the running gateway: every receipt logged, proofs for its parties, checkpoints for everyone.</summary>
[Collection("gateway")]
public sealed class EvidenceLogTests(GatewayFixture gateway, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new("gw-evlog-int");

    public void Dispose() => _folder.Dispose();

    private Api.V1.EvidenceLog.EvidenceLogClient Log(string agency) => new(gateway.Channel(agency));

    private NoteVerifier Verifier(string origin) => LogKeys.LoadVerifier(gateway.Pki.LogPublicKey, origin);

    private Task<InclusionEvidence> ProofAsync(string agency, byte[] receipt) =>
        InclusionFetcher.FetchAsync(gateway.Channel(agency), receipt, 0, TimeSpan.FromSeconds(20), CancellationToken.None);

    [Fact]
    public async Task Every_kind_of_receipt_carries_its_log_position_and_is_provably_included_for_its_parties()
    {
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var rejected = await Assert.ThrowsAsync<RpcException>(() => gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf(), mediaType: "application/x-nope")).ResponseAsync);
        var rejection = CommandRunner.RejectionReceipt(rejected)!;
        var handover = await gateway.Exchange(B).AcknowledgeAsync(new AcknowledgeRequest { MessageId = submitted.MessageId });
        var signed = await new Api.V1.Signing.SigningClient(gateway.Channel(A)).SignDetachedAsync(new SignDetachedRequest { Content = ByteString.CopyFromUtf8("hello"), FileName = "hello.txt" });

        foreach (var (receipt, parties, outsider) in new[]
                 {
                     (submitted.Receipt, new[] { A, B }, C),
                     (rejection, [A], B),
                     (handover.Receipt, [A, B], C),
                     (signed.Receipt, [A], B),
                 })
        {
            var der = receipt.Signed.ToByteArray();
            var content = ReceiptVerifier.Parse(der)!.Content;
            // Every receipt carries its graded case, with the catalogue version (v3), besides its log position.
            Assert.Equal(ReceiptSchemas.V3, content.Schema);
            Assert.Equal(MethodCatalogue.Default.Version, content.Grade!.CatalogueVersion);
            Assert.Equal((ulong)content.Log!.LeafIndex, receipt.LogIndex);
            Assert.Equal(content.Log.Origin, receipt.LogOrigin);
            Assert.True(ReceiptVerifier.Verify(der, gateway.Trust, new ReceiptVerifierOptions()).Valid, content.Event.ToString());

            foreach (var party in parties)
            {
                var evidence = await ProofAsync(party, der);
                Assert.Equal(content.Log.LeafIndex, evidence.LeafIndex);
                var verdict = evidence.Verify(der, Verifier(content.Log.Origin), gateway.Trust);
                Assert.True(verdict.Valid, $"{content.Event} for {party}: " + string.Join("; ", verdict.Errors));
            }
            await RpcAssert.FailsAsync(() => Log(outsider).GetInclusionProofAsync(new GetInclusionProofRequest { ReceiptId = content.ReceiptId }).ResponseAsync,
                StatusCode.PermissionDenied, "NOT_A_PARTY", "leaf");
        }

        // By receipt id and by index too, at an explicit size.
        var id = ReceiptVerifier.Parse(submitted.Receipt.Signed.ToByteArray())!.Content;
        var byId = await Log(B).GetInclusionProofAsync(new GetInclusionProofRequest { ReceiptId = id.ReceiptId });
        var byIndex = await Log(A).GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = (ulong)id.Log!.LeafIndex, TreeSize = byId.TreeSize });
        Assert.Equal(byId.AuditPath, byIndex.AuditPath);
        Assert.Equal(Rfc6962.HashLeaf(submitted.Receipt.Signed.Span), byId.LeafHash.ToByteArray());
    }

    [Fact]
    public async Task Checkpoints_and_consistency_proofs_are_public_and_entries_hide_other_agencies_receipts()
    {
        var mine = await gateway.Exchange(C).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        await ProofAsync(C, mine.Receipt.Signed.ToByteArray());
        var newest = await Log(A).GetCheckpointAsync(new GetCheckpointRequest());
        var checkpoint = newest.Checkpoint;
        Assert.True(EvidenceLog.SignedCheckpoint.TryOpen(checkpoint.Note, checkpoint.TimestampToken.ToByteArray(), Verifier(checkpoint.Origin), out var opened));
        Assert.Equal(checkpoint.TreeSize, (ulong)opened!.Size);
        Assert.Equal(NoteVerifier.FromVerifierKey(newest.VerifierKey).VerifierKey, Verifier(checkpoint.Origin).VerifierKey);
        Assert.NotNull(checkpoint.TimestampTime);

        var same = await Log(B).GetCheckpointAsync(new GetCheckpointRequest { TreeSize = checkpoint.TreeSize });
        Assert.Equal(checkpoint.Note, same.Checkpoint.Note);
        var consistency = await Log(A).GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1 });
        Assert.True(MerkleProofs.VerifyConsistency(1, consistency.SecondSize, consistency.Proof.Select(p => p.ToByteArray()).ToList(),
            consistency.FirstRoot.ToByteArray(), consistency.Checkpoint.RootHash.ToByteArray()));

        var entries = await Log(A).GetEntriesAsync(new GetEntriesRequest { Start = 0, End = checkpoint.TreeSize });
        var index = (int)ReceiptVerifier.Parse(mine.Receipt.Signed.ToByteArray())!.Content.Log!.LeafIndex;
        if (index < entries.Entries.Count)
        {
            Assert.True(entries.Entries[index].Receipt.IsEmpty); // agency-c's receipt, asked by agency-a
            Assert.Equal(Rfc6962.HashLeaf(mine.Receipt.Signed.Span), entries.Entries[index].LeafHash.ToByteArray());
        }
        var asC = await Log(C).GetEntriesAsync(new GetEntriesRequest { Start = (ulong)index, End = (ulong)index + 1 });
        Assert.Equal(mine.Receipt.Signed, asC.Entries.Single().Receipt);

        await RpcAssert.FailsAsync(() => Log(A).GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 0 }).ResponseAsync, StatusCode.InvalidArgument, EvidenceLogReasons.RangeInvalid, "first_size");
        await RpcAssert.FailsAsync(() => Log(A).GetEntriesAsync(new GetEntriesRequest { Start = 5, End = 5 }).ResponseAsync, StatusCode.InvalidArgument, EvidenceLogReasons.RangeInvalid, "start");
        await RpcAssert.FailsAsync(() => Log(A).GetCheckpointAsync(new GetCheckpointRequest { TreeSize = ulong.MaxValue }).ResponseAsync, StatusCode.FailedPrecondition, EvidenceLogReasons.NotSealed, "tree_size");
        await RpcAssert.FailsAsync(() => Log(A).GetInclusionProofAsync(new GetInclusionProofRequest()).ResponseAsync, StatusCode.InvalidArgument, EvidenceLogReasons.LeafRequired, "leaf");
        await RpcAssert.FailsAsync(() => Log(A).GetInclusionProofAsync(new GetInclusionProofRequest { LeafHash = ByteString.CopyFrom(new byte[5]) }).ResponseAsync, StatusCode.InvalidArgument, EvidenceLogReasons.LeafHashInvalid, "leaf_hash");
        await RpcAssert.FailsAsync(() => Log(A).GetInclusionProofAsync(new GetInclusionProofRequest { ReceiptId = "no-such-receipt" }).ResponseAsync, StatusCode.NotFound, EvidenceLogReasons.EntryNotFound, "leaf");
    }

    [Fact]
    public async Task Many_concurrent_submissions_get_contiguous_leaf_indices_each_provably_included()
    {
        const int count = 96;
        var before = (long)(await Log(A).GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint.TreeSize;
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            // One in eight is refused (a rejection receipt is logged too); one in eight replays an earlier key.
            if (i % 8 == 1)
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Exchange(A).SubmitAsync(Documents.Submit(C, Documents.Pdf(), mediaType: "text/x-nope")).ResponseAsync);
                return CommandRunner.RejectionReceipt(e)!.Signed.ToByteArray();
            }
            var response = await gateway.Exchange(i % 2 == 0 ? A : C).SubmitAsync(Documents.Submit(B, Documents.Pdf(512)));
            return response.Receipt.Signed.ToByteArray();
        }).ToList();
        var receipts = await Task.WhenAll(tasks);

        var indices = receipts.Select(r => ReceiptVerifier.Parse(r)!.Content.Log!.LeafIndex).ToList();
        Assert.Equal(count, indices.Distinct().Count());
        var last = indices.Max();
        var evidence = await Task.WhenAll(receipts.Select(r => ProofAsync(ReceiptVerifier.Parse(r)!.Content.Sender.Agency, r)));
        var origin = ReceiptVerifier.Parse(receipts[0])!.Content.Log!.Origin;
        for (var i = 0; i < count; i++)
        {
            var verdict = evidence[i].Verify(receipts[i], Verifier(origin), null);
            Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        }

        // Contiguous: every index up to the newest is a leaf the log can show, none left as a gap.
        var newest = (long)(await Log(A).GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint.TreeSize;
        Assert.True(newest > last);
        for (var start = before; start < newest; start += 256)
        {
            var page = await Log(A).GetEntriesAsync(new GetEntriesRequest { Start = (ulong)start, End = (ulong)newest });
            Assert.Equal(Enumerable.Range(0, page.Entries.Count).Select(i => (ulong)(start + i)), page.Entries.Select(e => e.LeafIndex));
        }
        output.WriteLine($"{count} receipts, indices {indices.Min()}–{last}, log at {newest}");
    }

    [Fact]
    public async Task The_checkpoint_token_from_the_service_verifies_with_openssl_ts()
    {
        var checkpoint = (await Log(A).GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint;
        if (!ExternalTool.RequireOpenSsl(output)) return;
        await File.WriteAllTextAsync(_folder.File("checkpoint.note"), checkpoint.Note, new UTF8Encoding(false));
        await File.WriteAllBytesAsync(_folder.File("checkpoint.tst"), checkpoint.TimestampToken.ToByteArray());
        var result = ExternalTool.RunOpenSsl("ts", "-verify", "-data", _folder.File("checkpoint.note"), "-in", _folder.File("checkpoint.tst"), "-token_in",
            "-CAfile", gateway.Pki.RootsPem, "-untrusted", gateway.Pki.TsaCertificate);
        Assert.True(result.ExitCode == 0 && result.StandardOutput.Contains("Verification: OK"), result.ToString());
    }
}
