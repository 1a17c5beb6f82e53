namespace Gateway.Merkle.Tests;

/// <summary>The verifiers answer false, never throw, whatever they are handed.</summary>
public class MalformedInputTests
{
    private static readonly byte[] Hash = Rfc6962.HashLeaf([42]);

    [Fact]
    public void Inclusion_RefusesImpossibleOrMalformedInput()
    {
        Assert.True(MerkleProofs.VerifyInclusion(0, 1, Hash, null, Hash));
        Assert.True(MerkleProofs.VerifyInclusion(0, 1, Hash, [], Hash));

        Assert.False(MerkleProofs.VerifyInclusion(0, 0, Hash, null, Hash));
        Assert.False(MerkleProofs.VerifyInclusion(1, 1, Hash, null, Hash));
        Assert.False(MerkleProofs.VerifyInclusion(ulong.MaxValue, ulong.MaxValue, Hash, null, Hash));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, Hash[..31], null, Hash[..31]));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, [], null, []));
        Assert.False(MerkleProofs.VerifyInclusion(0, 1, Hash, [Hash], Hash));
        Assert.False(MerkleProofs.VerifyInclusion(0, 2, Hash, [null!], Hash));
        Assert.False(MerkleProofs.VerifyInclusion(0, 2, Hash, [new byte[33]], Hash));
        Assert.False(MerkleProofs.VerifyInclusion(0, ulong.MaxValue, Hash, Enumerable.Repeat(Hash, 1000).ToArray(), Hash));
        Assert.False(MerkleProofs.VerifyInclusion(ulong.MaxValue - 1, ulong.MaxValue, Hash, Enumerable.Repeat(Hash, 64).ToArray(), Hash));
        Assert.Null(MerkleProofs.RootFromInclusionProof(3, 2, Hash, null));
    }

    [Fact]
    public void Consistency_RefusesImpossibleOrMalformedInput()
    {
        Assert.True(MerkleProofs.VerifyConsistency(1, 1, null, Hash, Hash));

        Assert.False(MerkleProofs.VerifyConsistency(0, 0, null, Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(0, 5, null, Rfc6962.EmptyRoot, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(2, 1, null, Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, 1, [Hash], Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, null, Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, [null!], Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, [Hash[..5]], Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, 2, [Hash], Hash[..5], Hash));
        Assert.False(MerkleProofs.VerifyConsistency(3, 2, [Hash], Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(ulong.MaxValue - 1, ulong.MaxValue, Enumerable.Repeat(Hash, 1000).ToArray(), Hash, Hash));
        Assert.False(MerkleProofs.VerifyConsistency(1, ulong.MaxValue, Enumerable.Repeat(Hash, 64).ToArray(), Hash, Hash));
    }

    [Fact]
    public void Generation_ThrowsOnRequestsTheLogCannotAnswer()
    {
        var leaves = ReferenceTree.Leaves();
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Root(leaves, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(leaves, 8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(leaves, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(leaves, 0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(leaves, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(leaves, 5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(leaves, 5, 9));
        Assert.Throws<ArgumentException>(() => new InMemoryLeaves().AppendLeafHash(new byte[31]));
    }
}
