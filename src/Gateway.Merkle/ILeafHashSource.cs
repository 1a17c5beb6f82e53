namespace Gateway.Merkle;

/// <summary>
/// Random access to the leaf hashes of a log, in append order. Proof generation reads through
/// this so the log can keep its leaves wherever it likes (memory now, a database later).
/// </summary>
public interface ILeafHashSource
{
    /// <summary>Number of leaves currently available.</summary>
    ulong Size { get; }

    /// <summary>The RFC 6962 leaf hash (already 0x00-prefixed and hashed) of leaf <paramref name="index"/>, 0-based.</summary>
    byte[] LeafHash(ulong index);
}
