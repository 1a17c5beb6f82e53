using Gateway.Merkle.Internal;

namespace Gateway.Merkle;

/// <summary>
/// Roots and proofs for the first <c>size</c> leaves of a log, per RFC 6962 §2.1. Unlike the
/// verifiers these throw on bad arguments: the caller is the log itself, and asking for a proof
/// the log cannot give is a bug, not untrusted input.
/// </summary>
/// <remarks>Each call costs O(size) hashes and reads; a log with stored interior nodes can do better later.</remarks>
public static class MerkleTree
{
    /// <summary>MTH(D[0:size]); the empty root for size 0.</summary>
    public static byte[] Root(ILeafHashSource leaves, ulong size)
    {
        CheckSize(leaves, size, nameof(size));
        return SubtreeHasher.Root(leaves, 0, size);
    }

    /// <summary>PATH(index, D[0:size]): sibling hashes from the leaf level up.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(ILeafHashSource leaves, ulong index, ulong size)
    {
        CheckSize(leaves, size, nameof(size));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var proof = new List<byte[]>();
        ProofBuilder.Path(leaves, index, 0, size, proof);
        return proof;
    }

    /// <summary>
    /// PROOF(size1, D[0:size2]) = SUBPROOF(size1, D[0:size2], true); empty when the sizes are equal.
    /// size1 = 0 is refused because <see cref="MerkleProofs.VerifyConsistency"/> would refuse any answer.
    /// </summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(ILeafHashSource leaves, ulong size1, ulong size2)
    {
        CheckSize(leaves, size2, nameof(size2));
        ArgumentOutOfRangeException.ThrowIfZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        var proof = new List<byte[]>();
        ProofBuilder.SubProof(leaves, size1, 0, size2, true, proof);
        return proof;
    }

    private static void CheckSize(ILeafHashSource leaves, ulong size, string name)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (size > leaves.Size)
            throw new ArgumentOutOfRangeException(name, size, $"the source holds only {leaves.Size} leaves");
    }
}
