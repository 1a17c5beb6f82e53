namespace Gateway.Merkle;

/// <summary>
/// A perfect subtree of an RFC 6962 tree: the 2^<see cref="Level"/> leaves starting at leaf
/// <see cref="Index"/> · 2^Level. Level 0 is a leaf. A log that stores the hash of every perfect
/// subtree once it is complete (they never change afterwards) can answer any root or proof from
/// O(log n) of them; <see cref="ProofRecipes"/> says which.
/// </summary>
public readonly record struct TreeNode(int Level, ulong Index)
{
    /// <summary>The first leaf the node covers.</summary>
    public ulong Begin => Index << Level;

    /// <summary>The number of leaves the node covers.</summary>
    public ulong Count => 1UL << Level;

    /// <summary>The node's two children, for a node above the leaves.</summary>
    public (TreeNode Left, TreeNode Right) Children =>
        Level == 0 ? throw new InvalidOperationException("a leaf has no children") : (new(Level - 1, Index * 2), new(Level - 1, Index * 2 + 1));
}
