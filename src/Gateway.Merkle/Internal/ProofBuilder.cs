namespace Gateway.Merkle.Internal;

/// <summary>
/// RFC 6962 §2.1.1 PATH and §2.1.2 SUBPROOF, written as the recursive definitions over
/// (begin, count) windows of the leaf source instead of copied arrays.
/// </summary>
/// <remarks>
/// Each recursion level adds the root of the sibling subtree it does not descend into. Those
/// siblings are disjoint and shrink at least by half per level, so one proof hashes fewer than
/// n leaves in total: O(n) per call, never O(n log n).
/// </remarks>
internal static class ProofBuilder
{
    /// <summary>PATH(m, D[begin:begin+count]), appended leaf level first.</summary>
    public static void Path(ILeafHashSource leaves, ulong m, ulong begin, ulong count, List<byte[]> proof)
    {
        if (count <= 1) return;
        var k = TreeMath.Split(count);
        if (m < k)
        {
            Path(leaves, m, begin, k, proof);
            proof.Add(SubtreeHasher.Root(leaves, begin + k, count - k));
        }
        else
        {
            Path(leaves, m - k, begin + k, count - k, proof);
            proof.Add(SubtreeHasher.Root(leaves, begin, k));
        }
    }

    /// <summary>
    /// SUBPROOF(m, D[begin:begin+count], b). <paramref name="wholeOldTree"/> is b: true while the
    /// old tree's root is still a node of the new tree the verifier already knows (so it is left out).
    /// </summary>
    public static void SubProof(ILeafHashSource leaves, ulong m, ulong begin, ulong count, bool wholeOldTree, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!wholeOldTree) proof.Add(SubtreeHasher.Root(leaves, begin, count));
            return;
        }

        var k = TreeMath.Split(count);
        if (m <= k)
        {
            SubProof(leaves, m, begin, k, wholeOldTree, proof);
            proof.Add(SubtreeHasher.Root(leaves, begin + k, count - k));
        }
        else
        {
            SubProof(leaves, m - k, begin + k, count - k, false, proof);
            proof.Add(SubtreeHasher.Root(leaves, begin, k));
        }
    }
}
