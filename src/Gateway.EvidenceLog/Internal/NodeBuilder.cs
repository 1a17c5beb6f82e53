using Gateway.Merkle;

namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// Folds leaves into the tree: keeps the compact range (one hash per set bit of the size, largest
/// first) and reports every perfect subtree a new leaf completes, for storage. Not thread-safe; the
/// sealer owns it.
/// </summary>
internal sealed class NodeBuilder
{
    private readonly List<byte[]> _range;

    public NodeBuilder(long size, IReadOnlyList<byte[]> range)
    {
        if (System.Numerics.BitOperations.PopCount((ulong)size) != range.Count)
            throw new InvalidOperationException($"a tree of {size} leaves has {System.Numerics.BitOperations.PopCount((ulong)size)} compact-range nodes, storage gave {range.Count}");
        Size = size;
        _range = [.. range];
    }

    public long Size { get; private set; }

    public NodeBuilder Clone() => new(Size, _range);

    /// <summary>Appends a leaf hash and adds the nodes it completes (the leaf itself first) to <paramref name="created"/>.</summary>
    public void Append(byte[] leafHash, List<(int Level, long Index, byte[] Hash)> created)
    {
        var index = Size;
        created.Add((0, index, leafHash));
        _range.Add(leafHash);
        var level = 0;
        // Like binary addition: each trailing 1 bit of the old size is a perfect subtree of the height
        // being carried, so the two merge into their parent one level up.
        for (var carry = Size; (carry & 1) == 1; carry >>= 1)
        {
            var right = _range[^1];
            var left = _range[^2];
            _range.RemoveRange(_range.Count - 2, 2);
            var parent = Rfc6962.HashChildren(left, right);
            level++;
            created.Add((level, index >> level, parent));
            _range.Add(parent);
        }
        Size++;
    }

    public byte[] Root()
    {
        if (_range.Count == 0) return Rfc6962.EmptyRoot;
        var root = (byte[])_range[^1].Clone();
        for (var i = _range.Count - 2; i >= 0; i--) root = Rfc6962.HashChildren(_range[i], root);
        return root;
    }
}
