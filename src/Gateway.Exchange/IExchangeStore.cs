namespace Gateway.Exchange;

// Persistence boundary for the exchange: SQLite today, PostgreSQL later, so callers
// must not rely on anything beyond what these contracts promise.
public interface IExchangeStore : IAsyncDisposable
{
    // Create/upgrade schema; idempotent; versioned (schema_version table).
    Task MigrateAsync(CancellationToken ct = default);

    // Existing submission for (sender, idempotency key) with its SubmissionAcceptance receipt, or null.
    Task<SubmissionResult?> FindSubmissionAsync(string senderAgency, string idempotencyKey, CancellationToken ct = default);

    // Atomically inserts the message, its acceptance receipt and the inbox entry. When (sender, idempotency key)
    // already exists (including a race with a concurrent insert), stores nothing and returns the existing
    // message and its acceptance receipt with Replayed = true. Returns only after the transaction is durable.
    Task<SubmissionResult> InsertSubmissionAsync(MessageRecord message, ReceiptRecord acceptance, CancellationToken ct = default);

    Task<MessageRecord?> GetMessageAsync(string messageId, CancellationToken ct = default);

    // Messages addressed to the recipient, not acknowledged, with Sequence > afterSequence, ordered by Sequence.
    Task<IReadOnlyList<MessageRecord>> ListUnacknowledgedAsync(string recipientAgency, long afterSequence, int limit, CancellationToken ct = default);

    // Increments DeliveryAttempts.
    Task MarkDeliveredAsync(string messageId, CancellationToken ct = default);

    // Claims up to `limit` messages for one delivery: addressed to the recipient, not acknowledged, and not under
    // an unexpired lease (leased until <= now). Each claimed message is leased until `leaseUntil` and its
    // DeliveryAttempts incremented, atomically, so that concurrent claimers (streams, instances) never get the same
    // message while its lease runs. Ordered by Sequence.
    Task<IReadOnlyList<MessageRecord>> LeaseDeliveriesAsync(string recipientAgency, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default);

    // The ContentHandover receipt of a message, if acknowledged.
    Task<ReceiptRecord?> GetHandoverAsync(string messageId, CancellationToken ct = default);

    // Marks acknowledged and stores the handover receipt, atomically, only if the message is addressed to
    // recipientAgency and not yet acknowledged; if already acknowledged returns the EXISTING handover receipt
    // (idempotent ack); returns null when the message does not exist or is not addressed to recipientAgency.
    Task<ReceiptRecord?> AcknowledgeAsync(string messageId, string recipientAgency, ReceiptRecord handover, CancellationToken ct = default);

    // Ordered by issue time.
    Task<IReadOnlyList<ReceiptRecord>> GetReceiptsAsync(string messageId, CancellationToken ct = default);

    // Readiness: one cheap round trip (opens a connection and reads the schema version); throws when the
    // database cannot answer.
    Task PingAsync(CancellationToken ct = default);

    // Messages not yet acknowledged, across all recipients (a queue depth for metrics, so not per agency).
    Task<long> CountUnacknowledgedAsync(CancellationToken ct = default);
}
