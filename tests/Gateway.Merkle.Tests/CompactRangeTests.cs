namespace Gateway.Merkle.Tests;

public class CompactRangeTests
{
    [Fact]
    public void Root_EqualsMerkleTreeRoot_ForEverySizeUpTo300_AlsoAfterRestore()
    {
        var leaves = new InMemoryLeaves();
        var range = new CompactRange();
        for (var size = 0; size <= 300; size++)
        {
            var expected = MerkleTree.Root(leaves, (ulong)size);
            Assert.Equal((ulong)size, range.Size);
            Assert.Equal(expected, range.Root());
            Assert.Equal(System.Numerics.BitOperations.PopCount((ulong)size), range.Hashes.Count);

            var restored = new CompactRange(range.Size, range.Hashes);
            Assert.Equal(expected, restored.Root());

            var next = Rfc6962.HashLeaf(BitConverter.GetBytes(size));
            leaves.AppendLeafHash(next);
            range.Append(next);
            // A restored range must carry on exactly like the original.
            restored.Append(next);
            Assert.Equal(range.Root(), restored.Root());
            Assert.Equal(MerkleTree.Root(leaves, (ulong)size + 1), restored.Root());
        }
    }

    [Fact]
    public void Hashes_AreCopies()
    {
        var range = new CompactRange();
        range.Append(Rfc6962.HashLeaf([1]));
        var root = range.Root();
        range.Hashes[0][0] ^= 0xff;
        Assert.Equal(root, range.Root());
    }

    [Fact]
    public void Restore_RejectsStateThatIsNotACompactRange()
    {
        var hash = Rfc6962.HashLeaf([]);
        Assert.Throws<ArgumentException>(() => new CompactRange(3, [hash]));          // 3 = 0b11 needs two
        Assert.Throws<ArgumentException>(() => new CompactRange(0, [hash]));
        Assert.Throws<ArgumentException>(() => new CompactRange(1, [new byte[31]]));
        Assert.Throws<ArgumentException>(() => new CompactRange(1, [null!]));
        Assert.Throws<ArgumentException>(() => new CompactRange().Append(new byte[33]));
        Assert.Equal(Rfc6962.EmptyRoot, new CompactRange(0, []).Root());
    }
}
