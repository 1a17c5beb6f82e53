using System.Numerics;

namespace Gateway.Merkle;

/// <summary>
/// The right frontier of an append-only RFC 6962 tree: the roots of the perfect subtrees that
/// the first <see cref="Size"/> leaves decompose into, one per set bit of Size, largest (leftmost)
/// first. It is all a log needs to keep to compute the next root after an append, so new roots
/// never require reading old leaves.
/// </summary>
public sealed class CompactRange
{
    // Left to right; _hashes[i] covers 2^h leaves for the i-th highest set bit h of _size.
    private readonly List<byte[]> _hashes;
    private ulong _size;

    /// <summary>The range of the empty tree.</summary>
    public CompactRange()
    {
        _hashes = [];
    }

    /// <summary>Restores a range saved from <see cref="Size"/> and <see cref="Hashes"/>.</summary>
    /// <exception cref="ArgumentException">The number of hashes is not the number of set bits of
    /// <paramref name="size"/>, or a hash is not 32 bytes: the saved state is not a compact range.</exception>
    public CompactRange(ulong size, IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var expected = BitOperations.PopCount(size);
        if (hashes.Count != expected)
            throw new ArgumentException($"a compact range of size {size} has {expected} hashes, got {hashes.Count}", nameof(hashes));

        _hashes = new List<byte[]>(expected);
        foreach (var hash in hashes)
        {
            if (hash is null || !Rfc6962.IsHash(hash))
                throw new ArgumentException($"every hash of a compact range is {Rfc6962.HashSize} bytes", nameof(hashes));
            _hashes.Add((byte[])hash.Clone());
        }
        _size = size;
    }

    /// <summary>Number of leaves appended so far.</summary>
    public ulong Size => _size;

    /// <summary>Copies of the subtree roots, largest subtree first; store them with <see cref="Size"/>.</summary>
    public IReadOnlyList<byte[]> Hashes => _hashes.Select(h => (byte[])h.Clone()).ToArray();

    /// <summary>Adds one leaf hash (already RFC 6962 leaf-hashed).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (!Rfc6962.IsHash(leafHash))
            throw new ArgumentException($"a leaf hash is {Rfc6962.HashSize} bytes, got {leafHash.Length}", nameof(leafHash));
        if (_size == ulong.MaxValue)
            throw new InvalidOperationException("the compact range is full");

        if ((_size & 1) == 0)
        {
            // Even size: the new leaf is a subtree of height 0 with no partner yet.
            _hashes.Add(leafHash.ToArray());
        }
        else
        {
            // Like binary addition: each trailing 1 bit of the old size is a subtree of the same
            // height as the one being carried, so the two merge and the carry moves up. Merging
            // in place into the left subtree's array spares a copy per level.
            var carry = _hashes[^1];
            Rfc6962.HashChildren(carry, leafHash, carry);
            for (var s = _size >> 1; (s & 1) == 1; s >>= 1)
            {
                _hashes.RemoveAt(_hashes.Count - 1);
                var left = _hashes[^1];
                Rfc6962.HashChildren(left, carry, left);
                carry = left;
            }
        }
        _size++;
    }

    /// <summary>MTH of the leaves appended so far; equal to <see cref="MerkleTree.Root"/> over the same leaves.</summary>
    public byte[] Root()
    {
        if (_hashes.Count == 0) return Rfc6962.EmptyRoot;

        // RFC 6962 hangs each smaller subtree under the right side of the larger ones, so fold
        // from the right: root = H(s0, H(s1, ... H(s[n-2], s[n-1]))).
        var root = (byte[])_hashes[^1].Clone();
        for (var i = _hashes.Count - 2; i >= 0; i--)
            Rfc6962.HashChildren(_hashes[i], root, root);
        return root;
    }
}
