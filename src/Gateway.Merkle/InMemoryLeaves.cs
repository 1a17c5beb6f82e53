namespace Gateway.Merkle;

/// <summary>An <see cref="ILeafHashSource"/> held in a list, for tests and small logs.</summary>
public sealed class InMemoryLeaves : ILeafHashSource
{
    private readonly List<byte[]> _hashes = [];

    public ulong Size => (ulong)_hashes.Count;

    /// <summary>Hashes <paramref name="data"/> as a leaf, stores the hash and returns its index.</summary>
    public ulong Append(ReadOnlySpan<byte> data) => AppendLeafHash(Rfc6962.HashLeaf(data));

    /// <summary>Stores an already computed leaf hash and returns its index.</summary>
    public ulong AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        if (!Rfc6962.IsHash(leafHash))
            throw new ArgumentException($"a leaf hash is {Rfc6962.HashSize} bytes, got {leafHash.Length}", nameof(leafHash));
        _hashes.Add(leafHash.ToArray());
        return (ulong)(_hashes.Count - 1);
    }

    public byte[] LeafHash(ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        // A copy: the stored hashes must not change under a caller that scribbles on the result.
        return (byte[])_hashes[(int)index].Clone();
    }
}
