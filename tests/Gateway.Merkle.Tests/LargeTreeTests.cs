namespace Gateway.Merkle.Tests;

/// <summary>
/// A million-leaf log: the compact range takes a million appends in stride, and generation stays
/// linear (a root or a proof over 10^6 leaves is about 10^6 hashes, not 10^6 log 10^6).
/// </summary>
public class LargeTreeTests
{
    [Fact]
    public void MillionLeafLog_CompactRangeAppendsAndGeneratedProofsAgree()
    {
        const ulong size = 1_000_000;
        const ulong older = 100_000;
        var leaves = new InMemoryLeaves();
        var range = new CompactRange();
        byte[]? olderRoot = null;
        // Synthetic leaf hashes: leaf hashing is not what is being measured here.
        var leaf = new byte[Rfc6962.HashSize];
        for (ulong i = 0; i < size; i++)
        {
            if (i == older) olderRoot = range.Root();
            BitConverter.TryWriteBytes(leaf, i);
            leaves.AppendLeafHash(leaf);
            range.Append(leaf);
        }

        Assert.Equal(size, range.Size);
        Assert.Equal(System.Numerics.BitOperations.PopCount(size), range.Hashes.Count);
        var root = range.Root();
        Assert.Equal(root, MerkleTree.Root(leaves, size));

        const ulong index = 765_432;
        var inclusion = MerkleTree.InclusionProof(leaves, index, size);
        Assert.Equal(20, inclusion.Count);
        Assert.True(MerkleProofs.VerifyInclusion(index, size, leaves.LeafHash(index), inclusion, root));

        var consistency = MerkleTree.ConsistencyProof(leaves, older, size);
        Assert.True(MerkleProofs.VerifyConsistency(older, size, consistency, olderRoot, root));
    }
}
