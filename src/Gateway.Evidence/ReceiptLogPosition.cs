namespace Gateway.Evidence;

/// <summary>
/// Where a receipt sits in the gateway's evidence log: the log's origin (the name its checkpoints
/// carry) and the receipt's leaf index, fixed before the receipt is signed. The leaf is the receipt's
/// own DER bytes, so the index cannot be covered by the leaf hash; it is signed here instead.
/// </summary>
public sealed record ReceiptLogPosition(string Origin, long LeafIndex);
