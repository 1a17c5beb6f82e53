namespace Gateway.EvidenceLog;

/// <summary>
/// One leaf of the log as read back: its index, its RFC 6962 leaf hash (computed from the stored
/// bytes when read, so a changed row shows), and — for the parties and the operator only — the
/// receipt itself and its id.
/// </summary>
/// <param name="Data">The receipt's DER bytes (the leaf data); null when the reader is not a party.</param>
/// <param name="Parties">The agencies that may read the entry and its proofs; empty when hidden from the reader.</param>
public sealed record LogEntry(long Index, byte[] LeafHash, byte[]? Data, string? ReceiptId, IReadOnlyList<string> Parties);
