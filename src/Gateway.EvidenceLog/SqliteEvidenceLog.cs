using System.Globalization;
using Gateway.Crypto;
using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;
using Microsoft.Data.Sqlite;

namespace Gateway.EvidenceLog;

/// <summary>
/// The evidence log in SQLite, in the same database file as the receipts: every receipt the gateway
/// issues is a leaf (its exact DER bytes, RFC 6962 leaf-hashed), every complete perfect subtree is
/// stored, and checkpoints are sealed in batches (<see cref="RunAsync"/>), each signed with the log
/// key and time-stamped once. Thread-safe; one instance per database file and process (a lock file
/// next to the database enforces it, since leaf indices are handed out in memory).
/// </summary>
/// <remarks>
/// Flow of one receipt: <see cref="Reserve"/> an index, sign the receipt with that index in it, write
/// it (<see cref="AppendAsync"/>, or <see cref="WriteEntryAsync"/> inside the caller's transaction on
/// <see cref="Writes"/>), <see cref="LogReservation.Complete"/>. Proofs are served up to the newest
/// checkpoint only.
/// </remarks>
public sealed partial class SqliteEvidenceLog : ILogSource, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly EvidenceLogOptions _options;
    private readonly NoteSigner _signer;
    private readonly ITimeStampSource _timeStamps;
    private readonly TimeProvider _clock;
    private readonly Sequencer _sequencer = new();
    private readonly SemaphoreSlim _sealLock = new(1, 1);
    private readonly object _healthLock = new();
    private readonly Internal.LogMetrics _metrics;
    private TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NodeBuilder _tree = new(0, []);
    private volatile SignedCheckpoint? _latest;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _lastSealAt;
    private string? _lastError;
    private FileStream? _processLock;
    private bool _opened;

    /// <param name="connectionString">The gateway database, e.g. "Data Source=data/gateway.db".</param>
    /// <param name="signer">The log key; its name must be the origin.</param>
    /// <param name="timeStamps">Where each checkpoint's RFC 3161 token comes from.</param>
    public SqliteEvidenceLog(string connectionString, EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(timeStamps);
        if (string.IsNullOrEmpty(options.Origin)) throw new ArgumentException("EvidenceLogOptions.Origin is required", nameof(options));
        if (!string.Equals(signer.Name, options.Origin, StringComparison.Ordinal))
            throw new ArgumentException("the log key's name must be the log's origin, so that verifiers can name the key from the checkpoint", nameof(signer));
        if (options.SealInterval <= TimeSpan.Zero || options.MaxEntriesPerTransaction <= 0)
            throw new ArgumentException("SealInterval and MaxEntriesPerTransaction must be positive", nameof(options));

        _connectionString = new SqliteConnectionStringBuilder(connectionString).ToString();
        // The same per-connection settings as the exchange store, whose writes share this queue:
        // a returned receipt must survive a crash (synchronous=FULL), and its foreign keys hold.
        _pragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
        _options = options;
        _signer = signer;
        _timeStamps = timeStamps;
        _clock = clock ?? TimeProvider.System;
        Writes = new SqliteWriteQueue(OpenWriteConnectionAsync);
        _metrics = new Internal.LogMetrics(this);
    }

    /// <summary>The log's name in checkpoints and receipts.</summary>
    public string Origin => _options.Origin!;

    /// <summary>The C2SP verifier key of the log key ("origin+keyid+base64"): what auditors pin.</summary>
    public string VerifierKey => _signer.VerifierKey;

    public EvidenceLogOptions Options => _options;

    /// <summary>
    /// The database's one write queue. The exchange store writes through it too, so that a receipt row
    /// and its log entry share a transaction and an fsync.
    /// </summary>
    public SqliteWriteQueue Writes { get; }

    /// <summary>The newest sealed checkpoint; null before the first seal.</summary>
    public SignedCheckpoint? LatestCheckpoint => _latest;

    /// <summary>Raised (on the sealing task) when a seal fails, for logging.</summary>
    public event Action<Exception>? SealFailed;

    /// <summary>Creates or upgrades the log's tables, takes the process lock and recovers state. Call once before anything else.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the log, the schema is newer than this build, or the database belongs to a log of another origin.</exception>
    public async Task OpenAsync(CancellationToken ct = default)
    {
        if (_opened) throw new InvalidOperationException("the evidence log is already open");
        TakeProcessLock();
        await using var connection = await OpenWriteConnectionAsync(ct).ConfigureAwait(false);
        await LogSql.ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct).ConfigureAwait(false);
        await using (var tx = connection.BeginTransaction(deferred: false))
        {
            await LogSql.ExecuteAsync(connection, LogSchema.CreateVersionTable, ct).ConfigureAwait(false);
            var current = Convert.ToInt32(await LogSql.ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM evidence_log_schema_version;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (current > LogSchema.LatestVersion)
                throw new InvalidOperationException($"evidence log schema version {current} is newer than this build supports ({LogSchema.LatestVersion}); refusing to downgrade");
            foreach (var (version, sql) in LogSchema.Migrations.Where(m => m.Version > current))
            {
                await LogSql.ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
                await LogSql.ExecuteAsync(connection, "INSERT INTO evidence_log_schema_version (version, applied_at) VALUES ($v, $at);", ct,
                    ("$v", version), ("$at", FormatTime(_clock.GetUtcNow()))).ConfigureAwait(false);
            }
            await LogSql.ExecuteAsync(connection, "INSERT OR IGNORE INTO evidence_log_state (id, origin, integrated_size) VALUES (1, $origin, 0);", ct,
                ("$origin", Origin)).ConfigureAwait(false);
            var origin = (string)(await LogSql.ScalarAsync(connection, "SELECT origin FROM evidence_log_state WHERE id = 1;", ct).ConfigureAwait(false))!;
            if (!string.Equals(origin, Origin, StringComparison.Ordinal))
                throw new InvalidOperationException($"this database holds the evidence log '{origin}', not '{Origin}': a log's origin never changes");
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        await RecoverAsync(connection, ct).ConfigureAwait(false);
        _opened = true;
    }

    /// <summary>Loads the folded size and compact range, the newest checkpoint, and the gaps a crash may have left above the prefix.</summary>
    private async Task RecoverAsync(SqliteConnection connection, CancellationToken ct)
    {
        var size = Convert.ToInt64(await LogSql.ScalarAsync(connection, "SELECT integrated_size FROM evidence_log_state WHERE id = 1;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var rangeNodes = ProofRecipes.CompactRange((ulong)size);
        var hashes = await ReadNodesAsync(connection, rangeNodes, ct).ConfigureAwait(false);
        _tree = new NodeBuilder(size, rangeNodes.Select(n => hashes[n]).ToList());
        _latest = await ReadCheckpointAsync(connection, null, ct).ConfigureAwait(false);
        _lastSealAt = _latest?.SealedAt;

        var present = new List<long>();
        await using (var command = LogSql.Command(connection, "SELECT leaf_index FROM evidence_log_entries WHERE leaf_index >= $from ORDER BY leaf_index;", ("$from", size)))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) present.Add(reader.GetInt64(0));
        }
        var gaps = new List<long>();
        var expected = size;
        foreach (var index in present)
        {
            for (; expected < index; expected++) gaps.Add(expected);
            expected = index + 1;
        }
        _sequencer.Restore(expected, gaps);
    }

    /// <summary>Sealing works (or has failed for no longer than the bound); see <see cref="Health"/>.</summary>
    public EvidenceLogHealth Health
    {
        get
        {
            lock (_healthLock)
            {
                var healthy = _failingSince is not { } since || _clock.GetUtcNow() - since <= _options.TsaOutageBound;
                return new EvidenceLogHealth(healthy, healthy || _options.AcceptWhileUnsealed, _tree.Size, _latest?.Size ?? 0,
                    _lastSealAt, _failingSince, _lastError);
            }
        }
    }

    /// <summary>Throws when the log refuses new entries (fail-closed after a sealing outage beyond the bound).</summary>
    /// <exception cref="EvidenceLogUnavailableException">With reason <see cref="EvidenceLogReasons.Unavailable"/>.</exception>
    public void EnsureAccepting()
    {
        var health = Health;
        if (!health.Accepting)
            throw new EvidenceLogUnavailableException(
                $"the evidence log has not sealed a checkpoint since {health.FailingSince:O} ({health.LastError}); no receipt is issued until it can");
    }

    /// <summary>Holds the next leaf index for a receipt about to be signed.</summary>
    /// <exception cref="EvidenceLogUnavailableException">The log is fail-closed after a sealing outage.</exception>
    public LogReservation Reserve()
    {
        EnsureOpen();
        EnsureAccepting();
        return new LogReservation(this, _sequencer.Take());
    }

    /// <summary>Writes a receipt at its reserved index in a transaction of its own and completes the reservation once durable.</summary>
    public async Task AppendAsync(LogReservation reservation, byte[] data, string receiptId, IReadOnlyList<string> parties, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await Writes.WriteAsync(async (c, t) =>
        {
            await WriteEntryAsync(c, reservation.Index, data, receiptId, parties, t).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        reservation.Complete();
    }

    /// <summary>
    /// Inserts a receipt at its reserved index on <paramref name="connection"/>, which must be inside a
    /// write of <see cref="Writes"/>: the entry then commits (or not) with whatever else that write does.
    /// Complete the reservation after the write returned.
    /// </summary>
    /// <param name="parties">The agencies that may read the entry and get its proofs.</param>
    public async Task WriteEntryAsync(SqliteConnection connection, long index, byte[] data, string receiptId, IReadOnlyList<string> parties, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(receiptId);
        ArgumentNullException.ThrowIfNull(parties);
        if (data.Length == 0) throw new ArgumentException("a log entry is the receipt's bytes; empty is not a receipt", nameof(data));
        if (parties.Any(p => string.IsNullOrEmpty(p) || p.Any(char.IsWhiteSpace)))
            throw new ArgumentException("party ids are non-empty and contain no whitespace", nameof(parties));
        if (!_sequencer.IsOutstanding(index))
            throw new InvalidOperationException($"leaf index {index} is not reserved: reserve an index before signing the receipt");
        await LogSql.ExecuteAsync(connection,
            "INSERT INTO evidence_log_entries (leaf_index, leaf_hash, receipt_id, parties, data) VALUES ($i, $h, $r, $p, $d);", ct,
            ("$i", index), ("$h", Rfc6962.HashLeaf(data)), ("$r", receiptId), ("$p", string.Join(' ', parties.Distinct(StringComparer.Ordinal))), ("$d", data)).ConfigureAwait(false);
    }

    /// <summary>
    /// SQL that joins, as <c>{alias}.data</c>, the log entry of a receipt id to another table of this
    /// database: the exchange store keeps a logged receipt's bytes only here rather than twice (a receipt
    /// is 7–8 KB; writing it twice per submission cost about a third of Submit throughput).
    /// </summary>
    public static string JoinEntryData(string alias, string receiptIdExpression) =>
        $"LEFT JOIN evidence_log_entries {alias} ON {alias}.receipt_id = {receiptIdExpression}";

    /// <summary>
    /// Bulk load for tests and benchmarks: reserves consecutive indices and writes every entry in one
    /// transaction. The receipts are whatever bytes the caller gives.
    /// </summary>
    internal async Task<long> AppendBatchAsync(IReadOnlyList<(byte[] Data, string ReceiptId, string[] Parties)> entries, CancellationToken ct = default)
    {
        EnsureOpen();
        var first = _sequencer.TakeRange(entries.Count);
        try
        {
            await Writes.WriteAsync(async (c, t) =>
            {
                for (var i = 0; i < entries.Count; i++)
                    await WriteEntryAsync(c, first + i, entries[i].Data, entries[i].ReceiptId, entries[i].Parties, t).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            for (var i = 0; i < entries.Count; i++) await ReleaseAsync(first + i).ConfigureAwait(false);
            throw;
        }
        for (var i = 0; i < entries.Count; i++) Completed(first + i);
        return first;
    }

    internal void Completed(long index)
    {
        _sequencer.Done(index);
        _metrics.Appended();
        Interlocked.Exchange(ref _work, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// A reservation ended without its entry: the index is handed out again unless the entry is there
    /// after all (a commit that reported an error yet persisted), which is checked in the database.
    /// </summary>
    internal async Task ReleaseAsync(long index)
    {
        try
        {
            await using var connection = await OpenReadConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            var stored = await LogSql.ScalarAsync(connection, "SELECT 1 FROM evidence_log_entries WHERE leaf_index = $i;", CancellationToken.None, ("$i", index)).ConfigureAwait(false);
            if (stored is null) _sequencer.Free(index);
            else Completed(index);
        }
        catch (SqliteException)
        {
            // Unknown whether it is stored: keeping the index out of circulation is safe; a restart finds the gap.
            _sequencer.Done(index);
        }
    }

    private void EnsureOpen()
    {
        if (!_opened) throw new InvalidOperationException("call OpenAsync first");
    }

    private void TakeProcessLock()
    {
        var path = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:") return;
        try
        {
            // Leaf indices are handed out in this process's memory: a second gateway on the same file would reuse them.
            _processLock = new FileStream(Path.GetFullPath(path) + ".evidence-log.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"another process has the evidence log in {path} open; one gateway process per SQLite database", e);
        }
    }

    private async Task<SqliteConnection> OpenWriteConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await LogSql.ExecuteAsync(connection, _pragmas, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reads need no per-connection settings: WAL readers do not wait for the writer.
    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Writes.CompleteAsync().ConfigureAwait(false);
        _metrics.Dispose();
        using (var key = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(key);
        if (_processLock is not null) await _processLock.DisposeAsync().ConfigureAwait(false);
        _processLock = null;
    }
}
