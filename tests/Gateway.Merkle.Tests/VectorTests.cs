using Xunit.Abstractions;

namespace Gateway.Merkle.Tests;

/// <summary>The verifiers against every probe of the transparency-dev/merkle vectors.</summary>
public class VectorTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryProbe_IsAcceptedExactlyWhenItIsNotAnError()
    {
        if (MerkleVectors.Folder() is not { } folder) return;
        var inclusion = MerkleVectors.Inclusion(folder);
        var consistency = MerkleVectors.Consistency(folder);

        var wrong = new List<string>();
        foreach (var p in inclusion)
            if (MerkleProofs.VerifyInclusion(p.LeafIdx, p.TreeSize, p.LeafHash, p.Proof, p.Root) == p.WantErr)
                wrong.Add($"inclusion/{p.File} ({p.Desc}): wantErr={p.WantErr}");
        foreach (var p in consistency)
            if (MerkleProofs.VerifyConsistency(p.Size1, p.Size2, p.Proof, p.Root1, p.Root2) == p.WantErr)
                wrong.Add($"consistency/{p.File} ({p.Desc}): wantErr={p.WantErr}");

        var checkedFiles = inclusion.Count + consistency.Count;
        output.WriteLine($"checked {checkedFiles} vector files: {inclusion.Count} inclusion, {consistency.Count} consistency");
        Assert.Empty(wrong);
        Assert.True(checkedFiles > 100, $"only {checkedFiles} vector files found under {folder}");
        // The corpus README's own counts: six probes of each kind must verify.
        Assert.Equal(6, inclusion.Count(p => !p.WantErr));
        Assert.Equal(6, consistency.Count(p => !p.WantErr));
    }

    [Fact]
    public void InclusionHappyPaths_AreTheProofsWeGenerateForTheReferenceTree()
    {
        if (MerkleVectors.Folder() is not { } folder) return;
        var leaves = ReferenceTree.Leaves();
        var happy = MerkleVectors.Inclusion(folder).Where(p => p.File.EndsWith("happy-path.json", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, happy.Count);
        foreach (var p in happy)
        {
            Assert.Equal(leaves.LeafHash(p.LeafIdx), p.LeafHash);
            Assert.Equal(MerkleTree.Root(leaves, p.TreeSize), p.Root);
            Assert.Equal(p.Proof ?? [], MerkleTree.InclusionProof(leaves, p.LeafIdx, p.TreeSize));
        }
    }

    [Fact]
    public void ConsistencyHappyPaths_AreTheProofsWeGenerateForTheReferenceTree()
    {
        if (MerkleVectors.Folder() is not { } folder) return;
        var leaves = ReferenceTree.Leaves();
        var happy = MerkleVectors.Consistency(folder).Where(p => p.File.EndsWith("happy-path.json", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, happy.Count);
        foreach (var p in happy)
        {
            Assert.Equal(MerkleTree.Root(leaves, p.Size1), p.Root1);
            Assert.Equal(MerkleTree.Root(leaves, p.Size2), p.Root2);
            Assert.Equal(p.Proof ?? [], MerkleTree.ConsistencyProof(leaves, p.Size1, p.Size2));
        }
    }
}
