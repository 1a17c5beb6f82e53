using System.Data.Common;
using System.Globalization;

namespace Gateway.Exchange.Internal;

// Column lists and readers are kept together so a SELECT and the code reading it cannot drift apart.
// Shared by the SQLite and the PostgreSQL store: same columns, same timestamp text.
internal static class SqliteRecordMapper
{
    public const string MessageColumns =
        "message_id, seq, sender, recipient, idempotency_key, document_sha256, document_size, media_type, file_name, " +
        "service_id, request_kind, subject, submitted_at, acknowledged_at, delivery_attempts";

    /// <summary>
    /// The delivery claim of <see cref="IExchangeStore.LeaseDeliveriesAsync"/>, the same statement for both stores
    /// (RETURNING rows come in no promised order: see <see cref="Ordered"/>).
    /// </summary>
    public static string LeaseSql(string lockClause) => $"""
        UPDATE messages SET leased_until = @until, delivery_attempts = delivery_attempts + 1
        WHERE message_id IN (
            SELECT message_id FROM messages
            WHERE recipient = @recipient AND acknowledged_at IS NULL AND (leased_until IS NULL OR leased_until <= @now)
            ORDER BY seq LIMIT @limit{lockClause})
        RETURNING {MessageColumns};
        """;

    public static IReadOnlyList<MessageRecord> Ordered(IReadOnlyList<MessageRecord> messages) => [.. messages.OrderBy(m => m.Sequence)];

    public const string ReceiptColumns = "receipt_id, message_id, event, issued_at, signed";

    // Fixed-width UTC with full tick precision: text order equals time order, values round-trip exactly,
    // and the database stays readable with the sqlite3 shell.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static object FormatTimestamp(DateTimeOffset? value) =>
        value is { } v ? FormatTimestamp(v) : DBNull.Value;

    public static MessageRecord ReadMessage(DbDataReader r) => new()
    {
        MessageId = r.GetString(0),
        Sequence = r.GetInt64(1),
        SenderAgency = r.GetString(2),
        RecipientAgency = r.GetString(3),
        IdempotencyKey = r.GetString(4),
        DocumentSha256 = r.GetString(5),
        DocumentSize = r.GetInt64(6),
        MediaType = r.GetString(7),
        FileName = r.GetString(8),
        ServiceId = r.GetString(9),
        RequestKind = r.GetInt32(10),
        Subject = r.GetString(11),
        SubmittedAt = ParseTimestamp(r.GetString(12)),
        AcknowledgedAt = r.IsDBNull(13) ? null : ParseTimestamp(r.GetString(13)),
        DeliveryAttempts = r.GetInt32(14),
    };

    public static ReceiptRecord ReadReceipt(DbDataReader r) => new()
    {
        ReceiptId = r.GetString(0),
        MessageId = r.GetString(1),
        Event = r.GetString(2),
        IssuedAt = ParseTimestamp(r.GetString(3)),
        Signed = r.GetFieldValue<byte[]>(4) is { Length: > 0 } signed
            ? signed
            : throw new InvalidOperationException($"receipt {r.GetString(0)} has no bytes: its evidence-log entry is missing"),
    };

    public static DateTimeOffset ParseTimestamp(string text) =>
        new(DateTime.SpecifyKind(
            DateTime.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            DateTimeKind.Utc));
}
