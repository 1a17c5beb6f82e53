using System.Security.Cryptography;

namespace Gateway.Merkle;

/// <summary>
/// The RFC 6962 / RFC 9162 §2.1 hashing scheme with SHA-256. Leaves and interior nodes get
/// different one-byte prefixes so that a leaf can never be passed off as an interior node
/// (the second-preimage attack on plain Merkle trees).
/// </summary>
public static class Rfc6962
{
    /// <summary>Size in bytes of every hash this scheme produces.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    // Leaf data up to this size is prefixed on the stack; larger data is streamed so a big
    // leaf never costs a second heap copy.
    private const int StackLeafLimit = 512;

    private static readonly byte[] EmptyRootBytes = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH({}) = SHA-256 of the empty string. A fresh copy on each read, so callers cannot corrupt it.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyRootBytes.Clone();

    /// <summary>MTH({d}) = SHA-256(0x00 || d).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        if (data.Length <= StackLeafLimit)
        {
            Span<byte> buffer = stackalloc byte[1 + data.Length];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            return SHA256.HashData(buffer);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right). Inputs are not length-checked here; the verifiers do that.</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }

    /// <summary>Allocation-free form for the hot loops (compact range, subtree roots); <paramref name="destination"/> may alias an input.</summary>
    internal static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var length = 1 + left.Length + right.Length;
        // Children are normally 32 bytes each; only malformed inputs would need the heap.
        Span<byte> buffer = length <= 1 + 2 * HashSize ? stackalloc byte[length] : new byte[length];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        // Interior hashing dominates every root and proof computation (about n hashes for n
        // leaves). Reusing one hash object per thread skips the per-call setup of a one-shot
        // SHA256.HashData, about a fifth of the cost of hashing 65 bytes.
        var hash = t_nodeHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(buffer);
        hash.GetHashAndReset(destination);
    }

    [ThreadStatic]
    private static IncrementalHash? t_nodeHash;

    internal static bool IsHash(ReadOnlySpan<byte> value) => value.Length == HashSize;
}
