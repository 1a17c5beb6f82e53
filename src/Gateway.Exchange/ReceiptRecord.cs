namespace Gateway.Exchange;

public sealed record ReceiptRecord
{
    public required string ReceiptId { get; init; }
    public required string MessageId { get; init; }
    public required string Event { get; init; }              // see ReceiptEvents
    public required DateTimeOffset IssuedAt { get; init; }
    public required byte[] Signed { get; init; }             // DER CMS, opaque here
}
