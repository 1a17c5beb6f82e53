using Gateway.Merkle.Internal;

namespace Gateway.Merkle;

/// <summary>
/// Verification of RFC 6962 / RFC 9162 inclusion and consistency proofs. These take input from
/// outside (clients, auditors, stored receipts), so they answer false to anything malformed
/// — wrong-length hashes, impossible sizes, missing or extra entries — and never throw.
/// A null proof is read as an empty one.
/// </summary>
public static class MerkleProofs
{
    /// <summary>True when <paramref name="proof"/> shows that <paramref name="leafHash"/> is leaf
    /// <paramref name="index"/> (0-based) of the tree of <paramref name="size"/> leaves whose root is <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root)
    {
        if (!Rfc6962.IsHash(root)) return false;
        var computed = InclusionVerifier.RootFrom(index, size, leafHash, proof);
        return computed is not null && root.SequenceEqual(computed);
    }

    /// <summary>
    /// The root an inclusion proof leads to, or null if the inputs cannot form a proof. Useful when
    /// the root is not known yet and is to be checked against a signed tree head afterwards.
    /// </summary>
    public static byte[]? RootFromInclusionProof(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]>? proof) =>
        InclusionVerifier.RootFrom(index, size, leafHash, proof);

    /// <summary>
    /// True when <paramref name="proof"/> shows that the tree of <paramref name="size1"/> leaves with root
    /// <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with root
    /// <paramref name="root2"/>: the log only appended. size1 = 0 is refused (it would prove nothing);
    /// equal sizes need an empty proof and equal roots.
    /// </summary>
    public static bool VerifyConsistency(ulong size1, ulong size2, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2) =>
        ConsistencyVerifier.Verify(size1, size2, proof, root1, root2);
}
