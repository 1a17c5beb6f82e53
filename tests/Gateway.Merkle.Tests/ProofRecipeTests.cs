namespace Gateway.Merkle.Tests;

/// <summary>
/// Proofs assembled from stored perfect subtrees equal the ones <see cref="MerkleTree"/> computes
/// from the leaves, byte for byte, and need O(log n) nodes.
/// </summary>
public class ProofRecipeTests
{
    /// <summary>Every perfect subtree of <paramref name="leaves"/>, as a log stores them.</summary>
    internal static Dictionary<TreeNode, byte[]> PerfectNodes(InMemoryLeaves leaves)
    {
        var nodes = new Dictionary<TreeNode, byte[]>();
        for (ulong i = 0; i < leaves.Size; i++) nodes[new TreeNode(0, i)] = leaves.LeafHash(i);
        for (var level = 1; (1UL << level) <= leaves.Size; level++)
        {
            for (ulong index = 0; ((index + 1) << level) <= leaves.Size; index++)
            {
                var (left, right) = new TreeNode(level, index).Children;
                nodes[new TreeNode(level, index)] = Rfc6962.HashChildren(nodes[left], nodes[right]);
            }
        }
        return nodes;
    }

    private static InMemoryLeaves Leaves(int count, int seed)
    {
        var random = new Random(seed);
        var leaves = new InMemoryLeaves();
        var data = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(data);
            leaves.Append(data);
        }
        return leaves;
    }

    [Fact]
    public void Every_root_and_proof_of_small_trees_equals_the_leaf_computation()
    {
        var leaves = Leaves(70, 1);
        var nodes = PerfectNodes(leaves);
        for (ulong size = 1; size <= leaves.Size; size++)
        {
            Assert.Equal(MerkleTree.Root(leaves, size), ProofRecipes.Root(size).Assemble(n => nodes[n]).Single());
            for (ulong index = 0; index < size; index++)
                Assert.Equal(MerkleTree.InclusionProof(leaves, index, size), ProofRecipes.Inclusion(index, size).Assemble(n => nodes[n]));
            for (ulong size1 = 1; size1 <= size; size1++)
                Assert.Equal(MerkleTree.ConsistencyProof(leaves, size1, size), ProofRecipes.Consistency(size1, size).Assemble(n => nodes[n]));
        }
    }

    [Fact]
    public void Random_large_trees_agree_and_read_only_logarithmically_many_nodes()
    {
        var leaves = Leaves(100_000, 2);
        var nodes = PerfectNodes(leaves);
        var random = new Random(3);
        for (var round = 0; round < 20; round++)
        {
            var size = (ulong)random.NextInt64(1, (long)leaves.Size + 1);
            var index = (ulong)random.NextInt64(0, (long)size);
            var size1 = (ulong)random.NextInt64(1, (long)size + 1);

            var inclusion = ProofRecipes.Inclusion(index, size);
            Assert.Equal(MerkleTree.InclusionProof(leaves, index, size), inclusion.Assemble(n => nodes[n]));
            var consistency = ProofRecipes.Consistency(size1, size);
            Assert.Equal(MerkleTree.ConsistencyProof(leaves, size1, size), consistency.Assemble(n => nodes[n]));
            // 17 levels for 10^5 leaves: one run of at most 17 nodes plus at most 17 single siblings.
            Assert.InRange(inclusion.Nodes.Count, 0, 2 * 17);
            Assert.InRange(consistency.Nodes.Count, 0, 2 * 17 + 1);
            Assert.Equal(MerkleTree.Root(leaves, size), ProofRecipes.Root(size).Assemble(n => nodes[n]).Single());
        }
    }

    [Fact]
    public void The_compact_range_is_one_node_per_set_bit_largest_first()
    {
        Assert.Empty(ProofRecipes.CompactRange(0));
        Assert.Equal([new TreeNode(2, 0), new TreeNode(0, 4)], ProofRecipes.CompactRange(5));
        Assert.Equal([new TreeNode(3, 0), new TreeNode(1, 4), new TreeNode(0, 10)], ProofRecipes.CompactRange(11));
        var leaves = Leaves(11, 4);
        var nodes = PerfectNodes(leaves);
        var range = new CompactRange(11, ProofRecipes.CompactRange(11).Select(n => nodes[n]).ToList());
        Assert.Equal(MerkleTree.Root(leaves, 11), range.Root());
    }

    [Fact]
    public void Impossible_requests_throw_and_bad_stored_hashes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofRecipes.Root(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofRecipes.Inclusion(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofRecipes.Consistency(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofRecipes.Consistency(6, 5));
        Assert.Throws<ArgumentException>(() => ProofRecipes.Cover(1, 2));
        Assert.Throws<ArgumentException>(() => ProofRecipes.Cover(0, 0));
        Assert.Throws<InvalidOperationException>(() => ProofRecipes.Inclusion(0, 2).Assemble(_ => new byte[31]));
        Assert.Empty(ProofRecipes.Consistency(7, 7).Assemble(_ => throw new InvalidOperationException("no node needed")));
    }
}
