using System.Data.Common;
using Gateway.EvidenceLog;
using static Gateway.Exchange.Internal.DbCommands;
using static Gateway.Exchange.Internal.SqliteRecordMapper;

namespace Gateway.Exchange.Internal;

/// <summary>
/// The receipt rows of both stores, written once: both providers bind "@name" parameters and have the same
/// tables. With an evidence log, a logged receipt's bytes live in its log entry only (a receipt is 7–8 KB;
/// writing it twice cost about a third of Submit throughput), and reads join the entry.
/// </summary>
/// <param name="insertionOrder">The column that orders receipts issued in the same tick: SQLite's rowid, PostgreSQL's identity.</param>
internal sealed class ReceiptRows(EvidenceLogStore? log, string insertionOrder)
{
    private readonly string _select = log is null
        ? "SELECT r.receipt_id, r.message_id, r.event, r.issued_at, r.signed FROM receipts r"
        : $"SELECT r.receipt_id, r.message_id, r.event, r.issued_at, COALESCE(e.data, r.signed) FROM receipts r {EvidenceLogStore.JoinEntryData("e", "r.receipt_id")}";

    public Task<IReadOnlyList<ReceiptRecord>> ListAsync(DbConnection c, string messageId, CancellationToken ct) =>
        QueryListAsync(c, $"{_select} WHERE r.message_id = @id ORDER BY r.issued_at, r.{insertionOrder};", ReadReceipt, ct, ("@id", messageId));

    public Task<ReceiptRecord?> FindAsync(DbConnection c, string messageId, string receiptEvent, CancellationToken ct) =>
        QuerySingleAsync(c, $"{_select} WHERE r.message_id = @id AND r.event = @event ORDER BY r.issued_at, r.{insertionOrder} LIMIT 1;",
            ReadReceipt, ct, ("@id", messageId), ("@event", receiptEvent));

    /// <summary>The submission of (sender, key) with its acceptance receipt, as a replay; null when there is none.</summary>
    public async Task<SubmissionResult?> FindSubmissionAsync(DbConnection c, string sender, string key, CancellationToken ct)
    {
        var message = await QuerySingleAsync(c, $"SELECT {MessageColumns} FROM messages WHERE sender = @sender AND idempotency_key = @key;",
            ReadMessage, ct, ("@sender", sender), ("@key", key)).ConfigureAwait(false);
        if (message is null) return null;
        var receipt = await FindAsync(c, message.MessageId, ReceiptEvents.SubmissionAcceptance, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Message '{message.MessageId}' has no acceptance receipt.");
        return new SubmissionResult(message, receipt, Replayed: true);
    }

    /// <summary>Inserts the row and, for a logged receipt, its log entry on the same connection: they commit together, or neither does.</summary>
    public async Task InsertAsync(DbConnection c, ReceiptRecord receipt, string[] parties, CancellationToken ct)
    {
        await ExecuteAsync(c, $"INSERT INTO receipts ({ReceiptColumns}) VALUES (@id, @message, @event, @issued, @signed);", ct,
            ("@id", receipt.ReceiptId), ("@message", receipt.MessageId), ("@event", receipt.Event),
            ("@issued", FormatTimestamp(receipt.IssuedAt)), ("@signed", receipt.LogIndex is null ? receipt.Signed : Array.Empty<byte>())).ConfigureAwait(false);
        if (receipt.LogIndex is { } index)
        {
            var store = log ?? throw new InvalidOperationException("the receipt has a log index but this store has no evidence log");
            await store.WriteEntryAsync(c, index, receipt.Signed, receipt.ReceiptId, parties, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses a receipt for another message or event: a store must never file one under the wrong step.</summary>
    public static void EnsureFor(ReceiptRecord receipt, string messageId, string expectedEvent)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (!string.Equals(receipt.MessageId, messageId, StringComparison.Ordinal) ||
            !string.Equals(receipt.Event, expectedEvent, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected a {expectedEvent} receipt for message '{messageId}'.", nameof(receipt));
        }
    }

    /// <summary>The newest applied schema version: the readiness probe's round trip to the database.</summary>
    public static Task<long> SchemaVersionAsync(DbConnection c, CancellationToken ct) =>
        QuerySingleAsync(c, "SELECT MAX(version) FROM schema_version;", r => r.IsDBNull(0) ? 0L : r.GetInt64(0), ct);

    public static Task<long> CountUnacknowledgedAsync(DbConnection c, CancellationToken ct) =>
        QuerySingleAsync(c, "SELECT COUNT(*) FROM messages WHERE acknowledged_at IS NULL;", r => r.GetInt64(0), ct);
}
