namespace Gateway.Merkle.Internal;

/// <summary>
/// MTH of a contiguous run of leaves read from an <see cref="ILeafHashSource"/>.
/// </summary>
/// <remarks>
/// Feeding the leaves through a <see cref="CompactRange"/> gives the RFC 6962 root in one pass,
/// n - 1 interior hashes and O(log n) memory, with no recursion. MTH of a range depends only on
/// its length, not on where it starts, so the same code serves every subtree a proof needs.
/// </remarks>
internal static class SubtreeHasher
{
    public static byte[] Root(ILeafHashSource leaves, ulong begin, ulong count)
    {
        var range = new CompactRange();
        for (ulong i = 0; i < count; i++)
            range.Append(ReadLeaf(leaves, begin + i));
        return range.Root();
    }

    /// <summary>Reads a leaf hash and refuses a malformed one: a bad hash from storage is a storage fault, not a proof.</summary>
    public static byte[] ReadLeaf(ILeafHashSource leaves, ulong index)
    {
        var hash = leaves.LeafHash(index);
        if (hash is null || !Rfc6962.IsHash(hash))
            throw new InvalidOperationException($"leaf hash {index} from the source is not {Rfc6962.HashSize} bytes");
        return hash;
    }
}
