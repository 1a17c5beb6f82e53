using System.Collections.Concurrent;

namespace Gateway.Merkle.Tests;

/// <summary>Generated proofs verify against generated roots, and any single corrupted byte breaks them.</summary>
/// <remarks>
/// Exhaustive over sizes 1..64: a few million hashes, so the sizes are spread over the cores and
/// failures are collected rather than asserted inside the parallel loop.
/// </remarks>
public class RoundTripTests
{
    private const int MaxSize = 64;

    private static readonly InMemoryLeaves Leaves = CreateLeaves();
    private static readonly byte[][] Roots = Enumerable.Range(0, MaxSize + 1).Select(n => MerkleTree.Root(Leaves, (ulong)n)).ToArray();

    [Fact]
    public void InclusionProofs_VerifyForEveryIndexOfEverySize_AndNoCorruptionDoes()
    {
        var failures = new ConcurrentQueue<string>();
        Parallel.For(1, MaxSize + 1, n =>
        {
            var size = (ulong)n;
            var root = Roots[size];
            for (ulong index = 0; index < size; index++)
            {
                var leaf = Leaves.LeafHash(index);
                var proof = MerkleTree.InclusionProof(Leaves, index, size);
                if (!MerkleProofs.VerifyInclusion(index, size, leaf, proof, root))
                    failures.Enqueue($"index {index} of {size}: generated proof refused");
                if (!root.AsSpan().SequenceEqual(MerkleProofs.RootFromInclusionProof(index, size, leaf, proof)))
                    failures.Enqueue($"index {index} of {size}: RootFromInclusionProof differs");

                foreach (var corrupted in Corruptions(proof))
                    if (MerkleProofs.VerifyInclusion(index, size, leaf, corrupted, root))
                        failures.Enqueue($"index {index} of {size}: corrupted proof accepted");
                foreach (var badRoot in Flips(root))
                    if (MerkleProofs.VerifyInclusion(index, size, leaf, proof, badRoot))
                        failures.Enqueue($"index {index} of {size}: corrupted root accepted");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void ConsistencyProofs_VerifyForEveryPairOfSizes_AndNoCorruptionDoes()
    {
        var failures = new ConcurrentQueue<string>();
        Parallel.For(1, MaxSize + 1, n =>
        {
            var size2 = (ulong)n;
            var root2 = Roots[size2];
            for (ulong size1 = 1; size1 <= size2; size1++)
            {
                var root1 = Roots[size1];
                var proof = MerkleTree.ConsistencyProof(Leaves, size1, size2);
                if (!MerkleProofs.VerifyConsistency(size1, size2, proof, root1, root2))
                    failures.Enqueue($"{size1} -> {size2}: generated proof refused");
                if (size1 == size2 && proof.Count != 0)
                    failures.Enqueue($"{size1} -> {size2}: equal sizes need an empty proof");

                foreach (var corrupted in Corruptions(proof))
                    if (MerkleProofs.VerifyConsistency(size1, size2, corrupted, root1, root2))
                        failures.Enqueue($"{size1} -> {size2}: corrupted proof accepted");
                foreach (var bad in Flips(root1))
                    if (MerkleProofs.VerifyConsistency(size1, size2, proof, bad, root2))
                        failures.Enqueue($"{size1} -> {size2}: corrupted root1 accepted");
                foreach (var bad in Flips(root2))
                    if (MerkleProofs.VerifyConsistency(size1, size2, proof, root1, bad))
                        failures.Enqueue($"{size1} -> {size2}: corrupted root2 accepted");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void Proofs_DoNotVerifyForANeighbouringPosition()
    {
        for (ulong size = 2; size <= MaxSize; size++)
        for (ulong index = 0; index < size; index++)
        {
            var proof = MerkleTree.InclusionProof(Leaves, index, size);
            var other = (index + 1) % size;
            Assert.False(MerkleProofs.VerifyInclusion(other, size, Leaves.LeafHash(index), proof, Roots[size]));
            Assert.False(MerkleProofs.VerifyInclusion(index, size, Leaves.LeafHash(other), proof, Roots[size]));
        }
    }

    /// <summary>Every copy of <paramref name="proof"/> with exactly one byte of one entry flipped.</summary>
    private static IEnumerable<IReadOnlyList<byte[]>> Corruptions(IReadOnlyList<byte[]> proof)
    {
        for (var entry = 0; entry < proof.Count; entry++)
            foreach (var flipped in Flips(proof[entry]))
            {
                var copy = proof.ToArray();
                copy[entry] = flipped;
                yield return copy;
            }
    }

    /// <summary>Every copy of <paramref name="hash"/> with exactly one byte changed.</summary>
    private static IEnumerable<byte[]> Flips(byte[] hash)
    {
        for (var i = 0; i < hash.Length; i++)
        {
            var copy = (byte[])hash.Clone();
            copy[i] ^= 0x01;
            yield return copy;
        }
    }

    private static InMemoryLeaves CreateLeaves()
    {
        var leaves = new InMemoryLeaves();
        for (var i = 0; i < MaxSize; i++) leaves.Append(BitConverter.GetBytes(i));
        return leaves;
    }
}
