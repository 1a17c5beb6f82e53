namespace Gateway.Merkle.Internal;

/// <summary>RFC 9162 §2.1.4.2: check that a tree of size1 is a prefix of a tree of size2.</summary>
/// <remarks>
/// Two roots are rebuilt at once from the same proof: fr, which may only use the nodes that
/// already existed at size1 and must come out as root1, and sr, which uses every entry and must
/// come out as root2. The walk is the inclusion walk for the old tree's last leaf.
/// </remarks>
internal static class ConsistencyVerifier
{
    public static bool Verify(ulong size1, ulong size2, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        proof ??= [];

        if (size1 > size2) return false;

        if (size1 == size2)
            // Same tree: nothing to prove, the roots just have to agree. The byte comparison is
            // deliberately length-agnostic; the upstream vectors accept equal 12-byte "roots" here.
            // Size 0 is refused like every consistency claim from the empty tree (see below).
            return size1 != 0 && proof.Count == 0 && root1.SequenceEqual(root2);

        // Every tree extends the empty tree, so a proof from size 0 proves nothing; refusing it
        // keeps callers from mistaking it for evidence.
        if (size1 == 0 || proof.Count == 0) return false;
        if (!Rfc6962.IsHash(root1) || !Rfc6962.IsHash(root2)) return false;
        for (var i = 0; i < proof.Count; i++)
            if (proof[i] is null || !Rfc6962.IsHash(proof[i])) return false;

        // When the old tree is a perfect subtree of the new one, its root is itself the starting
        // node and the proof leaves it out (SUBPROOF's b flag); otherwise the proof starts with it.
        var start = 0;
        ReadOnlySpan<byte> seed;
        if (TreeMath.IsPowerOfTwo(size1))
        {
            seed = root1;
        }
        else
        {
            seed = proof[0];
            start = 1;
        }

        var fn = size1 - 1;
        var sn = size2 - 1;
        // Climb past the levels where the old tree's last node is a right child: the seed is
        // already the root of that whole perfect subtree.
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[Rfc6962.HashSize];
        Span<byte> sr = stackalloc byte[Rfc6962.HashSize];
        seed.CopyTo(fr);
        seed.CopyTo(sr);

        for (var i = start; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0) return false;

            if ((fn & 1) == 1 || fn == sn)
            {
                Rfc6962.HashChildren(c, fr, fr);
                Rfc6962.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                // A node that only exists in the newer tree: it changes sr but not fr.
                Rfc6962.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.SequenceEqual(root1) && sr.SequenceEqual(root2);
    }
}
