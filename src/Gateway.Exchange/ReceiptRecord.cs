namespace Gateway.Exchange;

public sealed record ReceiptRecord
{
    public required string ReceiptId { get; init; }
    public required string MessageId { get; init; }
    public required string Event { get; init; }              // see ReceiptEvents
    public required DateTimeOffset IssuedAt { get; init; }
    public required byte[] Signed { get; init; }             // DER CMS, opaque here
    // On insert: the evidence-log index reserved for this receipt; the store appends the receipt there in
    // the same transaction. Not read back (the log knows a receipt's index by its id).
    public long? LogIndex { get; init; }
}
