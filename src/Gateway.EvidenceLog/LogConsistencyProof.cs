namespace Gateway.EvidenceLog;

/// <summary>RFC 9162 consistency proof between the trees of <see cref="FirstSize"/> and <see cref="SecondSize"/> leaves.</summary>
public sealed record LogConsistencyProof(long FirstSize, long SecondSize, IReadOnlyList<byte[]> Proof, byte[] FirstRoot, byte[] SecondRoot, SignedCheckpoint? Checkpoint);
