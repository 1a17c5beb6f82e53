using System.Data;
using System.Data.Common;
using System.Globalization;
using Gateway.EvidenceLog;
using Gateway.Exchange.Internal;
using Npgsql;
using static Gateway.Exchange.Internal.DbCommands;
using static Gateway.Exchange.Internal.SqliteRecordMapper;

namespace Gateway.Exchange;

// PostgreSQL through Npgsql, for several gateway instances on one shared database. Every write is one
// READ COMMITTED transaction that returns only after COMMIT (synchronous_commit as the server sets it,
// "on" by default: durable on the primary). Concurrency between instances is the database's: inserts
// serialize on the message_sequence row (sequence order = commit order, and the idempotency check runs
// after that lock is held, so two instances never both insert the same (sender, key)); an acknowledgement
// locks its message row. Migrations run under an advisory lock, so instances may start together.
// With an evidence log (PostgresEvidenceLog on the same database), a logged receipt's entry is written in
// the same transaction as its row, and its bytes are kept only in the entry, as in SQLite.
public sealed class PostgresExchangeStore : IExchangeStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ReceiptRows _receipts;
    private volatile bool _disposed;

    public PostgresExchangeStore(PostgresExchangeStoreOptions options) : this(options, null)
    {
    }

    /// <summary>A store that writes logged receipts' entries into <paramref name="log"/>, on the log's database.</summary>
    public PostgresExchangeStore(PostgresExchangeStoreOptions options, PostgresEvidenceLog? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _receipts = new ReceiptRows(log, "ord");
        if (log is not null)
        {
            _dataSource = log.DataSource;
        }
        else
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
            _ownsDataSource = true;
        }
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Released at COMMIT/ROLLBACK; a second instance waits here and then finds the schema current.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key);", ct, ("key", PostgresSchema.MigrationLockKey)).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgresSchema.CreateVersionTable, ct).ConfigureAwait(false);
        await using var versionCommand = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;");
        var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > PostgresSchema.LatestVersion)
        {
            throw new InvalidOperationException(
                $"Database schema version {current} is newer than this build supports ({PostgresSchema.LatestVersion}); refusing to downgrade.");
        }
        foreach (var (version, sql) in PostgresSchema.Migrations.Where(m => m.Version > current))
        {
            // DDL is transactional in PostgreSQL: a failed migration leaves the previous version intact.
            await ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, "INSERT INTO schema_version (version) VALUES (@version);", ct, ("version", version)).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public Task<SubmissionResult?> FindSubmissionAsync(string senderAgency, string idempotencyKey, CancellationToken ct = default) =>
        ReadAsync((c, t) => FindSubmissionCoreAsync(c, senderAgency, idempotencyKey, t), ct);

    public async Task<SubmissionResult> InsertSubmissionAsync(MessageRecord message, ReceiptRecord acceptance, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sha256Hex.EnsureValid(message.DocumentSha256, nameof(message));
        ReceiptRows.EnsureFor(acceptance, message.MessageId, ReceiptEvents.SubmissionAcceptance);

        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        // The counter row's lock first: every insert, from any instance, waits here until the previous one
        // committed, and the check below (a new snapshot in READ COMMITTED) then sees its row.
        await ExecuteAsync(c, "SELECT last_value FROM message_sequence WHERE id = 1 FOR UPDATE;", ct).ConfigureAwait(false);
        if (await FindSubmissionCoreAsync(c, message.SenderAgency, message.IdempotencyKey, ct).ConfigureAwait(false) is { } existing)
        {
            await tx.RollbackAsync(ct).ConfigureAwait(false);
            return existing;
        }

        await using var next = Command(c, "UPDATE message_sequence SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value;");
        var sequence = Convert.ToInt64(await next.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var stored = message with { Sequence = sequence };

        await ExecuteAsync(c, $"""
            INSERT INTO messages ({MessageColumns})
            VALUES (@id, @seq, @sender, @recipient, @key, @sha, @size, @media, @file, @service, @kind, @subject, @submitted, @acked, @attempts);
            """, ct,
            ("id", stored.MessageId), ("seq", stored.Sequence), ("sender", stored.SenderAgency),
            ("recipient", stored.RecipientAgency), ("key", stored.IdempotencyKey), ("sha", stored.DocumentSha256),
            ("size", stored.DocumentSize), ("media", stored.MediaType), ("file", stored.FileName),
            ("service", stored.ServiceId), ("kind", stored.RequestKind), ("subject", stored.Subject),
            ("submitted", FormatTimestamp(stored.SubmittedAt)), ("acked", FormatTimestamp(stored.AcknowledgedAt)),
            ("attempts", stored.DeliveryAttempts)).ConfigureAwait(false);
        await InsertReceiptAsync(c, acceptance, [stored.SenderAgency, stored.RecipientAgency], ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new SubmissionResult(stored, acceptance, Replayed: false);
    }

    public Task<MessageRecord?> GetMessageAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => GetMessageCoreAsync(c, messageId, forUpdate: false, t), ct);

    public Task<IReadOnlyList<MessageRecord>> ListUnacknowledgedAsync(string recipientAgency, long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync((c, t) => QueryListAsync(c, $"""
            SELECT {MessageColumns} FROM messages
            WHERE recipient = @recipient AND acknowledged_at IS NULL AND seq > @after
            ORDER BY seq LIMIT @limit;
            """, ReadMessage, t, ("recipient", recipientAgency), ("after", afterSequence), ("limit", limit)), ct);
    }

    // An unknown id is ignored, as in SQLite: delivery bookkeeping is advisory.
    public async Task MarkDeliveredAsync(string messageId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(c, "UPDATE messages SET delivery_attempts = delivery_attempts + 1 WHERE message_id = @id;", ct,
            ("id", messageId)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MessageRecord>> LeaseDeliveriesAsync(string recipientAgency, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        // SKIP LOCKED: a row another instance is claiming right now is left to it rather than waited for.
        return Ordered(await QueryListAsync(c, LeaseSql(" FOR UPDATE SKIP LOCKED"), ReadMessage, ct,
            ("recipient", recipientAgency), ("now", FormatTimestamp(now)), ("until", FormatTimestamp(leaseUntil)), ("limit", limit)).ConfigureAwait(false));
    }

    public Task<ReceiptRecord?> GetHandoverAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => FindReceiptAsync(c, messageId, ReceiptEvents.ContentHandover, t), ct);

    public async Task<ReceiptRecord?> AcknowledgeAsync(string messageId, string recipientAgency, ReceiptRecord handover, CancellationToken ct = default)
    {
        ReceiptRows.EnsureFor(handover, messageId, ReceiptEvents.ContentHandover);

        await using var c = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        // FOR UPDATE: a concurrent acknowledgement (another instance) waits, then reads the committed row.
        var message = await GetMessageCoreAsync(c, messageId, forUpdate: true, ct).ConfigureAwait(false);
        if (message is null || !string.Equals(message.RecipientAgency, recipientAgency, StringComparison.Ordinal))
        {
            return null;
        }
        if (message.AcknowledgedAt is not null)
        {
            return await FindReceiptAsync(c, messageId, ReceiptEvents.ContentHandover, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Message '{messageId}' is acknowledged but has no handover receipt.");
        }
        await ExecuteAsync(c, "UPDATE messages SET acknowledged_at = @at WHERE message_id = @id;", ct,
            ("at", FormatTimestamp(handover.IssuedAt)), ("id", messageId)).ConfigureAwait(false);
        await InsertReceiptAsync(c, handover, [message.SenderAgency, message.RecipientAgency], ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return handover;
    }

    public Task<IReadOnlyList<ReceiptRecord>> GetReceiptsAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => _receipts.ListAsync(c, messageId, t), ct);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }


    public Task PingAsync(CancellationToken ct = default) =>
        ReadAsync(ReceiptRows.SchemaVersionAsync, ct);

    public Task<long> CountUnacknowledgedAsync(CancellationToken ct = default) =>
        ReadAsync(ReceiptRows.CountUnacknowledgedAsync, ct);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        // REPEATABLE READ: one snapshot for a multi-statement read (a message and its receipt), like SQLite's WAL snapshot.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var result = await work(connection, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    private static Task<MessageRecord?> GetMessageCoreAsync(NpgsqlConnection c, string messageId, bool forUpdate, CancellationToken ct) =>
        QuerySingleAsync(c, $"SELECT {MessageColumns} FROM messages WHERE message_id = @id{(forUpdate ? " FOR UPDATE" : "")};",
            ReadMessage, ct, ("id", messageId));

    private Task<SubmissionResult?> FindSubmissionCoreAsync(NpgsqlConnection c, string sender, string key, CancellationToken ct) =>
        _receipts.FindSubmissionAsync(c, sender, key, ct);

    private Task<ReceiptRecord?> FindReceiptAsync(NpgsqlConnection c, string messageId, string receiptEvent, CancellationToken ct) =>
        _receipts.FindAsync(c, messageId, receiptEvent, ct);

    // Same transaction as the receipt row: the receipt and its log entry commit together, or neither does.
    private Task InsertReceiptAsync(NpgsqlConnection c, ReceiptRecord receipt, string[] parties, CancellationToken ct) =>
        _receipts.InsertAsync(c, receipt, parties, ct);
}
