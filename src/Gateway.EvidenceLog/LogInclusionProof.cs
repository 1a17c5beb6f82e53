namespace Gateway.EvidenceLog;

/// <summary>
/// RFC 9162 inclusion proof of leaf <see cref="LeafIndex"/> in the tree of <see cref="TreeSize"/>
/// leaves whose root is <see cref="RootHash"/>; <see cref="Checkpoint"/> is the sealed checkpoint of
/// that size when there is one.
/// </summary>
public sealed record LogInclusionProof(long LeafIndex, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> AuditPath, byte[] RootHash, SignedCheckpoint? Checkpoint);
