namespace Gateway.Merkle.Tests;

public class KnownAnswerTests
{
    [Fact]
    public void EmptyRoot_IsSha256OfNothing()
    {
        Assert.Equal(ReferenceTree.RootsHex[0], Convert.ToHexStringLower(Rfc6962.EmptyRoot));
        Assert.Equal(Rfc6962.EmptyRoot, MerkleTree.Root(new InMemoryLeaves(), 0));
        Assert.Equal(Rfc6962.EmptyRoot, new CompactRange().Root());
    }

    [Fact]
    public void EmptyRoot_CannotBeCorruptedThroughTheReturnedArray()
    {
        Rfc6962.EmptyRoot[0] ^= 0xff;
        Assert.Equal(ReferenceTree.RootsHex[0], Convert.ToHexStringLower(Rfc6962.EmptyRoot));
    }

    [Fact]
    public void HashLeafAndHashChildren_UseTheRfc6962Prefixes()
    {
        var left = Rfc6962.HashLeaf([]);
        var right = Rfc6962.HashLeaf([0x00]);
        Assert.Equal(Convert.FromHexString(ReferenceTree.RootsHex[1]), left);
        Assert.Equal(Convert.FromHexString(ReferenceTree.RootsHex[2]), Rfc6962.HashChildren(left, right));
        Assert.Equal(Rfc6962.HashSize, left.Length);
    }

    [Fact]
    public void HashLeaf_LargeLeavesHashTheSameWay()
    {
        // Crosses the stack/streaming threshold inside HashLeaf.
        var data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var expected = System.Security.Cryptography.SHA256.HashData([0x00, .. data]);
        Assert.Equal(expected, Rfc6962.HashLeaf(data));
    }

    [Fact]
    public void Roots_OfTheCertificateTransparencyReferenceLeaves()
    {
        var leaves = ReferenceTree.Leaves();
        var range = new CompactRange();
        for (ulong size = 1; size <= 8; size++)
        {
            range.Append(leaves.LeafHash(size - 1));
            Assert.Equal(ReferenceTree.RootsHex[size], Convert.ToHexStringLower(MerkleTree.Root(leaves, size)));
            Assert.Equal(ReferenceTree.RootsHex[size], Convert.ToHexStringLower(range.Root()));
        }
    }
}
