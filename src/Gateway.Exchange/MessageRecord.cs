namespace Gateway.Exchange;

public sealed record MessageRecord
{
    public required string MessageId { get; init; }
    public required string SenderAgency { get; init; }
    public required string RecipientAgency { get; init; }
    public required string IdempotencyKey { get; init; }
    public required string DocumentSha256 { get; init; }      // lower-case hex
    public required long DocumentSize { get; init; }
    public required string MediaType { get; init; }
    public required string FileName { get; init; }
    public string ServiceId { get; init; } = "";
    public int RequestKind { get; init; }
    public string Subject { get; init; } = "";
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public int DeliveryAttempts { get; init; }
    public long Sequence { get; init; }                      // assigned by the store, increasing per insert
}
