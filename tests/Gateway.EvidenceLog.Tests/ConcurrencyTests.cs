using Gateway.Merkle;

namespace Gateway.EvidenceLog.Tests;

/// <summary>Receipts issued concurrently, some failing after they reserved an index, while the sealer runs.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_appends_with_failures_give_contiguous_indices_each_provably_included()
    {
        await using var h = await LogHarness.StartAsync();
        using var stop = new CancellationTokenSource();
        var sealer = h.Log.RunAsync(stop.Token);

        var stored = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            await using var slot = h.Log.Reserve();
            await Task.Yield();
            // One in five fails after reserving (signing or storing failed): its index must not stay a gap.
            if (i % 5 == 3) return;
            await h.Log.AppendAsync(slot, LogHarness.Data("c" + i), "c" + i, ["agency-a"], ct);
            stored[("c" + i)] = slot.Index;
        });
        await stop.CancelAsync();
        await sealer;
        await h.Log.SealAsync();

        Assert.Equal(800, stored.Count);
        Assert.Equal(800, stored.Values.Distinct().Count());
        // Contiguous: every index below the checkpoint is a stored receipt or, where a receipt failed and
        // no later one took its index before the sealer needed it, a void entry.
        var checkpoint = h.Log.LatestCheckpoint!;
        Assert.Equal(stored.Values.Max() + 1, checkpoint.Size);
        var voids = 0;
        for (var start = 0L; start < checkpoint.Size; start += SqliteEvidenceLog.MaxEntriesPerPage)
        {
            var page = await h.Log.EntriesAsync(start, checkpoint.Size, "agency-a");
            foreach (var entry in page.Entries)
            {
                if (VoidEntry.IsVoid(entry.Data)) voids++;
                else Assert.Equal(entry.Index, stored[entry.ReceiptId!]);
            }
        }
        Assert.Equal(checkpoint.Size, 800 + voids);
        Assert.InRange(voids, 0, 200);
        foreach (var (receiptId, index) in stored)
        {
            var proof = await h.Log.InclusionProofAsync(index, checkpoint.Size);
            Assert.True(MerkleProofs.VerifyInclusion((ulong)index, (ulong)checkpoint.Size, Rfc6962.HashLeaf(LogHarness.Data(receiptId)), proof.AuditPath, checkpoint.RootHash), receiptId);
        }
    }
}
