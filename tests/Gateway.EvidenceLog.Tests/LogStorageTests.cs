using Gateway.Merkle;

namespace Gateway.EvidenceLog.Tests;

/// <summary>Appending, sealing, proofs from stored nodes, and what a restart recovers.</summary>
public sealed class LogStorageTests
{
    [Fact]
    public async Task Appended_receipts_are_sealed_into_a_signed_checkpoint_and_proven_included()
    {
        var tsa = new FakeTimeStamps();
        await using var h = await LogHarness.StartAsync(tsa);
        Assert.True(await h.Log.SealAsync());
        Assert.Equal(0, h.Log.LatestCheckpoint!.Size);
        Assert.Equal(Rfc6962.EmptyRoot, h.Log.LatestCheckpoint.RootHash);

        var indices = new List<long>();
        for (var i = 0; i < 5; i++) indices.Add(await h.AppendAsync("r" + i));
        Assert.Equal([0L, 1, 2, 3, 4], indices);

        // Before sealing, no proof covers them.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Log.InclusionProofAsync(0, 5));

        Assert.True(await h.Log.SealAsync());
        Assert.False(await h.Log.SealAsync()); // nothing new: no checkpoint, no TSA call
        Assert.Equal(2, tsa.Requests);

        var checkpoint = h.Log.LatestCheckpoint!;
        Assert.Equal(5, checkpoint.Size);
        Assert.True(SignedCheckpoint.TryOpen(checkpoint.Note, checkpoint.TimeStampToken, h.Verifier, out var opened));
        Assert.Equal(LogHarness.Origin, opened!.Origin);
        Assert.NotNull(opened.SealedAt);
        Assert.StartsWith($"{LogHarness.Origin}\n5\n", checkpoint.Note);

        for (var i = 0; i < 5; i++)
        {
            var proof = await h.Log.InclusionProofAsync(i, 5);
            Assert.Equal(Rfc6962.HashLeaf(LogHarness.Data("r" + i)), proof.LeafHash);
            Assert.Same(checkpoint, proof.Checkpoint);
            Assert.True(MerkleProofs.VerifyInclusion((ulong)i, 5, proof.LeafHash, proof.AuditPath, checkpoint.RootHash));
            var evidence = InclusionEvidence.From(proof);
            Assert.True(evidence.Verify(LogHarness.Data("r" + i), h.Verifier, null).Valid);
            Assert.False(evidence.Verify(LogHarness.Data("r" + (i + 1)), h.Verifier, null).Valid);
        }

        var found = await h.Log.FindEntryAsync(receiptId: "r3");
        Assert.Equal(3, found!.Index);
        Assert.Equal(3, (await h.Log.FindEntryAsync(leafHash: Rfc6962.HashLeaf(LogHarness.Data("r3"))))!.Index);
        Assert.Equal("r3", (await h.Log.FindEntryAsync(index: 3))!.ReceiptId);
        Assert.Null(await h.Log.FindEntryAsync(receiptId: "nope"));

        var consistency = await h.Log.ConsistencyProofAsync(2, 5);
        Assert.True(MerkleProofs.VerifyConsistency(2, 5, consistency.Proof, consistency.FirstRoot, checkpoint.RootHash));
    }

    [Fact]
    public async Task Entries_show_their_receipts_only_to_their_parties_and_carry_the_compact_range()
    {
        await using var h = await LogHarness.StartAsync();
        await h.AppendAsync("a-to-b", "agency-a", "agency-b");
        await h.AppendAsync("c-only", "agency-c");
        await h.AppendAsync("a-again", "agency-a");
        await h.Log.SealAsync();

        var asA = await h.Log.EntriesAsync(0, 3, "agency-a");
        Assert.Equal(["a-to-b", null, "a-again"], asA.Entries.Select(e => e.ReceiptId));
        Assert.Null(asA.Entries[1].Data);
        Assert.Empty(asA.Entries[1].Parties);
        Assert.Equal(Rfc6962.HashLeaf(LogHarness.Data("c-only")), asA.Entries[1].LeafHash);
        Assert.All((await h.Log.EntriesAsync(0, 3, null)).Entries, e => Assert.NotNull(e.Data));

        var page = await h.Log.EntriesAsync(1, 3, "agency-b");
        var range = new CompactRange(1, page.StartRange);
        foreach (var entry in page.Entries) range.Append(entry.LeafHash);
        Assert.Equal(h.Log.LatestCheckpoint!.RootHash, range.Root());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Log.EntriesAsync(0, 4, null));
    }

    [Fact]
    public async Task A_failed_receipt_gives_its_index_to_the_next_one_and_the_tree_waits_for_the_gap()
    {
        await using var h = await LogHarness.StartAsync();
        var first = h.Log.Reserve();
        var failed = h.Log.Reserve();
        var third = h.Log.Reserve();
        Assert.Equal([0L, 1, 2], new[] { first.Index, failed.Index, third.Index });

        await h.Log.AppendAsync(first, LogHarness.Data("x0"), "x0", ["agency-a"]);
        await h.Log.AppendAsync(third, LogHarness.Data("x2"), "x2", ["agency-a"]);
        await h.Log.SealAsync();
        Assert.Equal(1, h.Log.LatestCheckpoint!.Size); // stops at the gap

        // Signing or storing failed: nothing was written, and the index goes back.
        await failed.DisposeAsync();
        await using var filler = h.Log.Reserve();
        Assert.Equal(1, filler.Index);
        await h.Log.AppendAsync(filler, LogHarness.Data("x1"), "x1", ["agency-a"]);
        await h.Log.SealAsync();
        Assert.Equal(3, h.Log.LatestCheckpoint!.Size);
        await using var next = h.Log.Reserve();
        Assert.Equal(3, next.Index);

        // An index can only be written once it is reserved.
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Log.Writes.WriteAsync(async (c, t) =>
        {
            await h.Log.WriteEntryAsync(c, 99, [1], "y", ["agency-a"], t);
            return true;
        }, CancellationToken.None));
    }

    [Fact]
    public async Task A_gap_that_holds_back_durable_receipts_is_voided_at_the_next_seal_and_a_freed_tail_is_no_gap()
    {
        await using var h = await LogHarness.StartAsync();
        var first = h.Log.Reserve();
        var failed = h.Log.Reserve();
        var third = h.Log.Reserve();
        await h.Log.AppendAsync(first, LogHarness.Data("v0"), "v0", ["agency-a"]);
        await h.Log.AppendAsync(third, LogHarness.Data("v2"), "v2", ["agency-a"]);
        await failed.DisposeAsync();

        // No later receipt came to take index 1: the sealer fills it so that receipt 2 is provable now.
        await h.Log.SealAsync();
        Assert.Equal(3, h.Log.LatestCheckpoint!.Size);
        var entries = (await h.Log.EntriesAsync(0, 3, "agency-b")).Entries;
        Assert.True(VoidEntry.IsVoid(entries[1].Data));
        Assert.Equal(VoidEntry.Data(LogHarness.Origin, 1), entries[1].Data);
        Assert.Equal(VoidEntry.ReceiptId(1), entries[1].ReceiptId);
        Assert.Null(entries[2].Data); // agency-a's receipt, hidden from agency-b
        var proof = await h.Log.InclusionProofAsync(2, 3);
        Assert.True(MerkleProofs.VerifyInclusion(2, 3, Rfc6962.HashLeaf(LogHarness.Data("v2")), proof.AuditPath, h.Log.LatestCheckpoint.RootHash));

        // A receipt that fails at the end of the log leaves nothing to fill: its index is simply next again.
        var last = h.Log.Reserve();
        Assert.Equal(3, last.Index);
        await last.DisposeAsync();
        await h.Log.SealAsync();
        Assert.Equal(3, h.Log.LatestCheckpoint!.Size);
        await using var again = h.Log.Reserve();
        Assert.Equal(3, again.Index);
    }

    [Fact]
    public async Task A_write_that_persisted_despite_a_release_keeps_its_index()
    {
        await using var h = await LogHarness.StartAsync();
        var slot = h.Log.Reserve();
        await h.Log.Writes.WriteAsync(async (c, t) =>
        {
            await h.Log.WriteEntryAsync(c, slot.Index, LogHarness.Data("kept"), "kept", ["agency-a"], t);
            return true;
        }, CancellationToken.None);
        // The caller lost track (e.g. its commit reported an error): disposing checks the database first.
        await slot.DisposeAsync();
        await using var next = h.Log.Reserve();
        Assert.Equal(1, next.Index);
    }

    [Fact]
    public async Task A_restart_recovers_the_tree_the_checkpoint_and_the_gaps_a_crash_left()
    {
        await using var h = await LogHarness.StartAsync();
        for (var i = 0; i < 6; i++) await h.AppendAsync("r" + i);
        await h.Log.SealAsync();
        var root6 = h.Log.LatestCheckpoint!.RootHash;

        // Concurrent receipts 6, 7, 8: 6 and 8 became durable, then the process died before 7 did.
        var s6 = h.Log.Reserve();
        _ = h.Log.Reserve();
        var s8 = h.Log.Reserve();
        await h.Log.AppendAsync(s6, LogHarness.Data("r6"), "r6", ["agency-a"]);
        await h.Log.AppendAsync(s8, LogHarness.Data("r8"), "r8", ["agency-a"]);
        await h.ReopenAsync();

        Assert.Equal(6, h.Log.LatestCheckpoint!.Size);
        Assert.Equal(root6, h.Log.LatestCheckpoint.RootHash);
        await using (var reused = h.Log.Reserve())
        {
            // No client ever saw a receipt with index 7: it is reused.
            Assert.Equal(7, reused.Index);
            await h.Log.AppendAsync(reused, LogHarness.Data("r7"), "r7", ["agency-a"]);
        }
        Assert.Equal(9, (await Task.FromResult(h.Log.Reserve())).Index);
        await h.Log.SealAsync();
        Assert.Equal(9, h.Log.LatestCheckpoint!.Size);
        var consistency = await h.Log.ConsistencyProofAsync(6, 9);
        Assert.True(MerkleProofs.VerifyConsistency(6, 9, consistency.Proof, root6, h.Log.LatestCheckpoint.RootHash));
    }

    [Fact]
    public async Task A_log_keeps_its_origin_and_its_database_to_one_process()
    {
        await using var h = await LogHarness.StartAsync();
        var second = new SqliteEvidenceLog(h.ConnectionString, h.Options, h.Signer, h.TimeStamps);
        var locked = await Assert.ThrowsAsync<InvalidOperationException>(() => second.OpenAsync());
        Assert.Contains("another process", locked.Message);
        await second.DisposeAsync();

        await h.Log.DisposeAsync();
        const string other = "other.example/log";
        var renamed = new SqliteEvidenceLog(h.ConnectionString, new EvidenceLogOptions { Origin = other }, NoteSigner.Generate(other), h.TimeStamps);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => renamed.OpenAsync());
        Assert.Contains("origin never changes", refused.Message);
        await renamed.DisposeAsync();
        await h.ReopenAsync();

        Assert.Throws<ArgumentException>(() => new SqliteEvidenceLog(h.ConnectionString, h.Options, NoteSigner.Generate("not-the-origin"), h.TimeStamps));
    }

    [Fact]
    public async Task The_sealing_loop_seals_within_the_interval_once_entries_wait()
    {
        await using var h = await LogHarness.StartAsync();
        using var stop = new CancellationTokenSource();
        var loop = h.Log.RunAsync(stop.Token);
        await h.AppendAsync("loop-0");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((h.Log.LatestCheckpoint?.Size ?? 0) < 1 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(1, h.Log.LatestCheckpoint!.Size);
        await stop.CancelAsync();
        await loop;
    }
}
