using System.Globalization;
using Gateway.EvidenceLog;
using Gateway.Exchange.Internal;
using Microsoft.Data.Sqlite;
using static Gateway.Exchange.Internal.DbCommands;
using static Gateway.Exchange.Internal.SqliteRecordMapper;

namespace Gateway.Exchange;

// SQLite with WAL and synchronous=FULL (a returned receipt must survive a crash an instant later),
// busy_timeout, foreign keys on. Safe for concurrent use from many threads in one process:
// writes go through one in-process group-commit queue (SqliteWriteQueue) instead of spinning on SQLITE_BUSY;
// reads use their own pooled connections and WAL snapshots, so they run concurrently with writes.
// Call MigrateAsync once before anything else.
public sealed class SqliteExchangeStore : IExchangeStore
{
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    // Never disposed: it holds no OS handle unless AvailableWaitHandle is used, and disposing it
    // would turn a late Release() from an in-flight write into an exception.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteWriteQueue _writes;
    private readonly SqliteEvidenceLog? _log;
    private readonly ReceiptRows _receipts;
    private volatile bool _disposed;

    public SqliteExchangeStore(SqliteExchangeStoreOptions options) : this(options, null)
    {
    }

    /// <summary>
    /// A store that shares <paramref name="log"/>'s database file and write queue: a receipt with a
    /// <see cref="ReceiptRecord.LogIndex"/> is appended to the log in the same transaction as its row.
    /// </summary>
    public SqliteExchangeStore(SqliteExchangeStoreOptions options, SqliteEvidenceLog? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _connectionString = new SqliteConnectionStringBuilder(options.ConnectionString).ToString();
        // PRAGMA values cannot be bound as parameters; this is an integer formatted invariantly, not input text.
        var busyMs = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        _connectionPragmas = $"PRAGMA busy_timeout = {busyMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
        _log = log;
        _receipts = new ReceiptRows(log, "rowid");
        // One queue per database file: with a log, the log's, so that a receipt and its entry commit together.
        _writes = log?.Writes ?? new SqliteWriteQueue(OpenAsync);
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(ct).ConfigureAwait(false);
            // journal_mode is stored in the file, but cannot be changed inside a transaction.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct).ConfigureAwait(false);

            await using var tx = connection.BeginTransaction(deferred: false);
            await ExecuteAsync(connection, SqliteSchema.CreateVersionTable, ct).ConfigureAwait(false);
            await using var versionCommand = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;");
            var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (current > SqliteSchema.LatestVersion)
            {
                throw new InvalidOperationException(
                    $"Database schema version {current} is newer than this build supports ({SqliteSchema.LatestVersion}); refusing to downgrade.");
            }
            foreach (var (version, sql) in SqliteSchema.Migrations.Where(m => m.Version > current))
            {
                await ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
                await ExecuteAsync(connection, "INSERT INTO schema_version (version, applied_at) VALUES ($version, $at);", ct,
                    ("$version", version), ("$at", FormatTimestamp(DateTimeOffset.UtcNow))).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<SubmissionResult?> FindSubmissionAsync(string senderAgency, string idempotencyKey, CancellationToken ct = default) =>
        ReadAsync((c, t) => FindSubmissionCoreAsync(c, senderAgency, idempotencyKey, t), ct);

    public Task<SubmissionResult> InsertSubmissionAsync(MessageRecord message, ReceiptRecord acceptance, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        // The digest later becomes a blob path; refusing malformed values here keeps bad rows out for good.
        Sha256Hex.EnsureValid(message.DocumentSha256, nameof(message));
        ReceiptRows.EnsureFor(acceptance, message.MessageId, ReceiptEvents.SubmissionAcceptance);
        return WriteAsync(async (c, t) =>
        {
            // Checked inside the IMMEDIATE transaction, so no other writer (thread or process) can
            // slip an insert of the same key between this check and ours.
            if (await FindSubmissionCoreAsync(c, message.SenderAgency, message.IdempotencyKey, t).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            await using var next = Command(c, "UPDATE message_sequence SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value;");
            var sequence = Convert.ToInt64(await next.ExecuteScalarAsync(t).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var stored = message with { Sequence = sequence };

            await ExecuteAsync(c, $"""
                INSERT INTO messages ({MessageColumns})
                VALUES ($id, $seq, $sender, $recipient, $key, $sha, $size, $media, $file, $service, $kind, $subject, $submitted, $acked, $attempts);
                """, t,
                ("$id", stored.MessageId), ("$seq", stored.Sequence), ("$sender", stored.SenderAgency),
                ("$recipient", stored.RecipientAgency), ("$key", stored.IdempotencyKey), ("$sha", stored.DocumentSha256),
                ("$size", stored.DocumentSize), ("$media", stored.MediaType), ("$file", stored.FileName),
                ("$service", stored.ServiceId), ("$kind", stored.RequestKind), ("$subject", stored.Subject),
                ("$submitted", FormatTimestamp(stored.SubmittedAt)), ("$acked", FormatTimestamp(stored.AcknowledgedAt)),
                ("$attempts", stored.DeliveryAttempts)).ConfigureAwait(false);
            await InsertReceiptAsync(c, acceptance, [stored.SenderAgency, stored.RecipientAgency], t).ConfigureAwait(false);
            return new SubmissionResult(stored, acceptance, Replayed: false);
        }, ct);
    }

    public Task<MessageRecord?> GetMessageAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => GetMessageCoreAsync(c, messageId, t), ct);

    public Task<IReadOnlyList<MessageRecord>> ListUnacknowledgedAsync(string recipientAgency, long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync((c, t) => QueryListAsync(c, $"""
            SELECT {MessageColumns} FROM messages
            WHERE recipient = $recipient AND acknowledged_at IS NULL AND seq > $after
            ORDER BY seq LIMIT $limit;
            """, ReadMessage, t, ("$recipient", recipientAgency), ("$after", afterSequence), ("$limit", limit)), ct);
    }

    // An unknown id is ignored: delivery bookkeeping is advisory and must not fail a stream
    // because the message was purged meanwhile.
    public Task MarkDeliveredAsync(string messageId, CancellationToken ct = default) =>
        WriteAsync((c, t) => ExecuteAsync(c, "UPDATE messages SET delivery_attempts = delivery_attempts + 1 WHERE message_id = $id;", t,
            ("$id", messageId)), ct);

    public Task<IReadOnlyList<MessageRecord>> LeaseDeliveriesAsync(string recipientAgency, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // One writer at a time (the write queue), so the claim needs no row locks here.
        return WriteAsync(async (c, t) => Ordered(await QueryListAsync(c, LeaseSql(""), ReadMessage, t,
            ("@recipient", recipientAgency), ("@now", FormatTimestamp(now)), ("@until", FormatTimestamp(leaseUntil)), ("@limit", limit)).ConfigureAwait(false)), ct);
    }

    public Task<ReceiptRecord?> GetHandoverAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => FindReceiptAsync(c, messageId, ReceiptEvents.ContentHandover, t), ct);

    public Task<ReceiptRecord?> AcknowledgeAsync(string messageId, string recipientAgency, ReceiptRecord handover, CancellationToken ct = default)
    {
        ReceiptRows.EnsureFor(handover, messageId, ReceiptEvents.ContentHandover);
        return WriteAsync(async (c, t) =>
        {
            var message = await GetMessageCoreAsync(c, messageId, t).ConfigureAwait(false);
            if (message is null || !string.Equals(message.RecipientAgency, recipientAgency, StringComparison.Ordinal))
            {
                return null;
            }
            if (message.AcknowledgedAt is not null)
            {
                // The first handover receipt is the legally relevant one; a retried ack must get it back, not a new one.
                return await FindReceiptAsync(c, messageId, ReceiptEvents.ContentHandover, t).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Message '{messageId}' is acknowledged but has no handover receipt.");
            }
            await ExecuteAsync(c, "UPDATE messages SET acknowledged_at = $at WHERE message_id = $id;", t,
                ("$at", FormatTimestamp(handover.IssuedAt)), ("$id", messageId)).ConfigureAwait(false);
            await InsertReceiptAsync(c, handover, [message.SenderAgency, message.RecipientAgency], t).ConfigureAwait(false);
            return handover;
        }, ct);
    }

    public Task<IReadOnlyList<ReceiptRecord>> GetReceiptsAsync(string messageId, CancellationToken ct = default) =>
        ReadAsync((c, t) => _receipts.ListAsync(c, messageId, t), ct);

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            // Queued writes were promised an answer: finish them, then refuse everything. A shared queue is the log's to finish.
            if (_log is null) await _writes.CompleteAsync().ConfigureAwait(false);
            _disposed = true;
            // Pooled connections would otherwise keep the database files open after the store is gone.
            using var key = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(key);
        }
    }


    public Task PingAsync(CancellationToken ct = default) =>
        ReadAsync(ReceiptRows.SchemaVersionAsync, ct);

    public Task<long> CountUnacknowledgedAsync(CancellationToken ct = default) =>
        ReadAsync(ReceiptRows.CountUnacknowledgedAsync, ct);

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // Per-connection settings; re-applied on every open because pooled connections may be new.
            await ExecuteAsync(connection, _connectionPragmas, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        // A deferred transaction pins one WAL snapshot, so multi-statement reads see a consistent state.
        await using var tx = connection.BeginTransaction(deferred: true);
        return await work(connection, ct).ConfigureAwait(false);
    }

    private Task WriteAsync(Func<SqliteConnection, CancellationToken, Task> work, CancellationToken ct) =>
        WriteAsync<bool>(async (c, t) => { await work(c, t).ConfigureAwait(false); return true; }, ct);

    private Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writes.WriteAsync(work, ct);
    }

    private static Task<MessageRecord?> GetMessageCoreAsync(SqliteConnection c, string messageId, CancellationToken ct) =>
        QuerySingleAsync(c, $"SELECT {MessageColumns} FROM messages WHERE message_id = $id;", ReadMessage, ct, ("$id", messageId));

    private Task<SubmissionResult?> FindSubmissionCoreAsync(SqliteConnection c, string sender, string key, CancellationToken ct) =>
        _receipts.FindSubmissionAsync(c, sender, key, ct);

    private Task<ReceiptRecord?> FindReceiptAsync(SqliteConnection c, string messageId, string receiptEvent, CancellationToken ct) =>
        _receipts.FindAsync(c, messageId, receiptEvent, ct);

    // Same savepoint as the receipt row: the receipt and its log entry become durable together, or neither does.
    private Task InsertReceiptAsync(SqliteConnection c, ReceiptRecord receipt, string[] parties, CancellationToken ct) =>
        _receipts.InsertAsync(c, receipt, parties, ct);
}
