namespace Gateway.Merkle.Internal;

/// <summary>RFC 9162 §2.1.3.2: recompute a root from a leaf hash and its inclusion proof.</summary>
/// <remarks>
/// fn walks the leaf's position and sn the last leaf's position up the tree; a proof entry goes on
/// the left when our node is a right child or is the rightmost node of its level (fn == sn, the
/// unbalanced right edge where RFC 6962 trees promote a node instead of pairing it). The proof
/// must run out exactly when sn reaches 0 (the root), which rejects missing and extra entries.
/// </remarks>
internal static class InclusionVerifier
{
    /// <returns>The root the proof leads to, or null if the inputs cannot form a proof.</returns>
    public static byte[]? RootFrom(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]>? proof)
    {
        if (size == 0 || index >= size || !Rfc6962.IsHash(leafHash)) return null;
        proof ??= [];

        Span<byte> node = stackalloc byte[Rfc6962.HashSize];
        leafHash.CopyTo(node);
        var fn = index;
        var sn = size - 1;

        // Bounded by sn reaching 0 after at most 64 entries, whatever the proof's length.
        for (var i = 0; i < proof.Count; i++)
        {
            var sibling = proof[i];
            if (sn == 0 || sibling is null || !Rfc6962.IsHash(sibling)) return null;

            if ((fn & 1) == 1 || fn == sn)
            {
                Rfc6962.HashChildren(sibling, node, node);
                // A promoted right-edge node skips the levels where it has no sibling.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                Rfc6962.HashChildren(node, sibling, node);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? node.ToArray() : null;
    }
}
