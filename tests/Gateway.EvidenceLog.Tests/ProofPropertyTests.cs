using Gateway.Merkle;
using Xunit.Abstractions;

namespace Gateway.EvidenceLog.Tests;

/// <summary>
/// Property tests over random tree sizes up to 10^5: every inclusion and consistency proof the log
/// serves verifies against its signed checkpoints, and a changed leaf, a truncated log or a forked
/// history does not. The seed changes per run and is in every failure message.
/// </summary>
public sealed class ProofPropertyTests(ITestOutputHelper output)
{
    private const long MaxSize = 100_000;

    [Fact]
    public async Task Served_proofs_verify_at_random_sizes_and_altered_logs_do_not()
    {
        var seed = Environment.GetEnvironmentVariable("GW_PROPERTY_SEED") is { Length: > 0 } s ? int.Parse(s) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (GW_PROPERTY_SEED={seed} repeats this run)");
        var random = new Random(seed);

        // Checkpoint sizes: edge cases and random ones, increasing, the largest 10^5.
        var sizes = new SortedSet<long> { 1, 2, 3, 64, 65, MaxSize };
        while (sizes.Count < 12) sizes.Add(random.NextInt64(4, MaxSize));
        // The forked log differs from the real one in one leaf, below the smallest size it is compared at.
        var forkAt = random.NextInt64(0, 64);

        await using var log = await LogHarness.StartAsync();
        await using var fork = await LogHarness.StartAsync();
        var checkpoints = new List<SignedCheckpoint>();
        var forkCheckpoints = new List<SignedCheckpoint>();
        var reference = new CompactRange();
        long filled = 0;
        foreach (var size in sizes)
        {
            await log.FillAsync(filled, size);
            await FillForkAsync(fork, filled, size, forkAt);
            for (var i = filled; i < size; i++) reference.Append(Rfc6962.HashLeaf(LogHarness.Data("r" + i)));
            filled = size;
            await log.Log.SealAsync();
            await fork.Log.SealAsync();
            var checkpoint = log.Log.LatestCheckpoint!;
            Assert.True(checkpoint.Size == size, $"seed {seed}: sealed {checkpoint.Size}, expected {size}");
            Assert.True(reference.Root().AsSpan().SequenceEqual(checkpoint.RootHash), $"seed {seed}: root at {size} differs from an independent computation");
            Assert.True(SignedCheckpoint.TryOpen(checkpoint.Note, checkpoint.TimeStampToken, log.Verifier, out _), $"seed {seed}: checkpoint {size} not signed");
            checkpoints.Add(checkpoint);
            forkCheckpoints.Add(fork.Log.LatestCheckpoint!);
        }

        foreach (var checkpoint in checkpoints)
        {
            var size = checkpoint.Size;
            for (var round = 0; round < 25; round++)
            {
                var index = random.NextInt64(0, size);
                var proof = await log.Log.InclusionProofAsync(index, size);
                var leaf = Rfc6962.HashLeaf(LogHarness.Data("r" + index));
                var context = $"seed {seed}: leaf {index} of {size}";
                Assert.True(proof.LeafHash.AsSpan().SequenceEqual(leaf), context + ": served leaf hash");
                Assert.True(MerkleProofs.VerifyInclusion((ulong)index, (ulong)size, leaf, proof.AuditPath, checkpoint.RootHash), context + ": proof refused");

                // A changed leaf.
                var other = Rfc6962.HashLeaf(LogHarness.Data("r" + index + "'"));
                Assert.False(MerkleProofs.VerifyInclusion((ulong)index, (ulong)size, other, proof.AuditPath, checkpoint.RootHash), context + ": changed leaf accepted");
                // A truncated log: the proof against the signed head of a smaller tree. (Only the pair size and
                // root is checked; a root is bound to its size by the signed checkpoint, not by the path.)
                var smaller = checkpoints.LastOrDefault(c => c.Size < size && c.Size > index);
                if (smaller is not null)
                {
                    Assert.False(MerkleProofs.VerifyInclusion((ulong)index, (ulong)smaller.Size, leaf, proof.AuditPath, smaller.RootHash), context + ": accepted against a truncated head");
                    Assert.False(MerkleProofs.VerifyInclusion((ulong)index, (ulong)size, leaf, proof.AuditPath, smaller.RootHash), context + ": accepted against a truncated root");
                }
                // A forked history: once the fork holds its other leaf, its checkpoint of the same size has another root.
                if (size > forkAt && index != forkAt)
                {
                    var forkRoot = forkCheckpoints[checkpoints.IndexOf(checkpoint)].RootHash;
                    Assert.False(MerkleProofs.VerifyInclusion((ulong)index, (ulong)size, leaf, proof.AuditPath, forkRoot), context + ": accepted against the fork");
                }
            }
        }

        for (var i = 0; i < checkpoints.Count; i++)
        {
            for (var j = i; j < checkpoints.Count; j++)
            {
                var (first, second) = (checkpoints[i], checkpoints[j]);
                var context = $"seed {seed}: {first.Size} -> {second.Size}";
                var proof = await log.Log.ConsistencyProofAsync(first.Size, second.Size);
                Assert.True(MerkleProofs.VerifyConsistency((ulong)first.Size, (ulong)second.Size, proof.Proof, first.RootHash, second.RootHash), context + ": proof refused");

                // The fork shares no history with the log past leaf forkAt: neither direction verifies.
                var forkProof = await fork.Log.ConsistencyProofAsync(first.Size, second.Size);
                if (first.Size > forkAt)
                {
                    Assert.False(MerkleProofs.VerifyConsistency((ulong)first.Size, (ulong)second.Size, forkProof.Proof, first.RootHash, forkCheckpoints[j].RootHash), context + ": fork accepted");
                    Assert.False(MerkleProofs.VerifyConsistency((ulong)first.Size, (ulong)second.Size, proof.Proof, forkCheckpoints[i].RootHash, second.RootHash), context + ": fork accepted as the old tree");
                }
                if (i != j)
                {
                    // A truncated log does not extend the longer one.
                    Assert.False(MerkleProofs.VerifyConsistency((ulong)second.Size, (ulong)first.Size, proof.Proof, second.RootHash, first.RootHash), context + ": shrinking accepted");
                    // A changed proof hash.
                    if (proof.Proof.Count > 0)
                    {
                        var altered = proof.Proof.Select(h => (byte[])h.Clone()).ToList();
                        altered[random.Next(altered.Count)][random.Next(32)] ^= 1;
                        Assert.False(MerkleProofs.VerifyConsistency((ulong)first.Size, (ulong)second.Size, altered, first.RootHash, second.RootHash), context + ": altered proof accepted");
                    }
                }
            }
        }
    }

    /// <summary>The same entries as the real log, except that leaf <paramref name="forkAt"/> is another receipt.</summary>
    private static async Task FillForkAsync(LogHarness fork, long from, long to, long forkAt)
    {
        if (forkAt < from || forkAt >= to)
        {
            await fork.FillAsync(from, to);
            return;
        }
        if (forkAt > from) await fork.FillAsync(from, forkAt);
        await fork.Log.AppendBatchAsync([(LogHarness.Data("forged"), "forged", ["agency-a"])]);
        await fork.FillAsync(forkAt + 1, to);
    }
}
