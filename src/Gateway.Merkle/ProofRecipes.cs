using Gateway.Merkle.Internal;

namespace Gateway.Merkle;

/// <summary>
/// Roots and proofs of RFC 6962 §2.1 in terms of perfect subtrees (<see cref="TreeNode"/>), for a log
/// that stores them: every subtree a proof needs is a run of at most 64 stored nodes, and a proof needs
/// at most one such run that is not a single node, so a proof costs O(log n) reads instead of the
/// O(n) leaf reads of <see cref="MerkleTree"/>. Same answers as <see cref="MerkleTree"/>, byte for byte.
/// </summary>
/// <remarks>Like <see cref="MerkleTree"/>, these throw on impossible arguments: the caller is the log.</remarks>
public static class ProofRecipes
{
    /// <summary>MTH(D[0:size]) as one output; size 0 has no nodes and is <see cref="Rfc6962.EmptyRoot"/>, so it is refused here.</summary>
    public static ProofRecipe Root(ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size);
        return new ProofRecipe([Cover(0, size)]);
    }

    /// <summary>PATH(index, D[0:size]), leaf level first.</summary>
    public static ProofRecipe Inclusion(ulong index, ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var ranges = new List<(ulong Begin, ulong Count)>();
        Path(index, 0, size, ranges);
        return new ProofRecipe(ranges.Select(r => Cover(r.Begin, r.Count)).ToArray());
    }

    /// <summary>PROOF(size1, D[0:size2]); empty when the sizes are equal; size1 = 0 is refused as in <see cref="MerkleTree.ConsistencyProof"/>.</summary>
    public static ProofRecipe Consistency(ulong size1, ulong size2)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        var ranges = new List<(ulong Begin, ulong Count)>();
        SubProof(size1, 0, size2, true, ranges);
        return new ProofRecipe(ranges.Select(r => Cover(r.Begin, r.Count)).ToArray());
    }

    /// <summary>
    /// The compact range of the first <paramref name="size"/> leaves: the perfect subtrees they
    /// decompose into, largest (leftmost) first, one per set bit of size.
    /// </summary>
    public static IReadOnlyList<TreeNode> CompactRange(ulong size) => size == 0 ? [] : Cover(0, size);

    /// <summary>
    /// The perfect subtrees that make up leaves [begin, begin + count), largest first. Every range
    /// RFC 6962 recursion produces is aligned this way: begin is a multiple of the largest power
    /// of two not above count.
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty or not aligned.</exception>
    public static TreeNode[] Cover(ulong begin, ulong count)
    {
        if (count == 0) throw new ArgumentException("an empty range has no nodes", nameof(count));
        var nodes = new List<TreeNode>(64);
        var position = begin;
        for (var level = 63; level >= 0; level--)
        {
            var size = 1UL << level;
            if ((count & size) == 0) continue;
            if (position % size != 0)
                throw new ArgumentException($"leaves [{begin}, {begin}+{count}) are not aligned to perfect subtrees", nameof(begin));
            nodes.Add(new TreeNode(level, position >> level));
            position += size;
        }
        return nodes.ToArray();
    }

    // The same recursions as Internal/ProofBuilder, recording the sibling ranges instead of hashing them.
    private static void Path(ulong m, ulong begin, ulong count, List<(ulong, ulong)> ranges)
    {
        if (count <= 1) return;
        var k = TreeMath.Split(count);
        if (m < k)
        {
            Path(m, begin, k, ranges);
            ranges.Add((begin + k, count - k));
        }
        else
        {
            Path(m - k, begin + k, count - k, ranges);
            ranges.Add((begin, k));
        }
    }

    private static void SubProof(ulong m, ulong begin, ulong count, bool wholeOldTree, List<(ulong, ulong)> ranges)
    {
        if (m == count)
        {
            if (!wholeOldTree) ranges.Add((begin, count));
            return;
        }
        var k = TreeMath.Split(count);
        if (m <= k)
        {
            SubProof(m, begin, k, wholeOldTree, ranges);
            ranges.Add((begin + k, count - k));
        }
        else
        {
            SubProof(m - k, begin + k, count - k, false, ranges);
            ranges.Add((begin, k));
        }
    }
}
