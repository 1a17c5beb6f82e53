using System.Data.Common;
using Gateway.Crypto;
using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;
using Microsoft.Data.Sqlite;

namespace Gateway.EvidenceLog;

/// <summary>
/// The evidence log in SQLite, in the same database file as the receipts. One instance per database
/// file and process (a lock file next to the database enforces it), since leaf indices are handed out
/// in memory and freed indices are reused by the next receipt.
/// </summary>
public sealed class SqliteEvidenceLog : EvidenceLogStore
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly Sequencer _sequencer = new();
    private FileStream? _processLock;

    /// <param name="connectionString">The gateway database, e.g. "Data Source=data/gateway.db".</param>
    /// <param name="signer">The log key; its name must be the origin.</param>
    /// <param name="timeStamps">Where each checkpoint's RFC 3161 token comes from.</param>
    public SqliteEvidenceLog(string connectionString, EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock = null)
        : base(options, signer, timeStamps, clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = new SqliteConnectionStringBuilder(connectionString).ToString();
        // The same per-connection settings as the exchange store, whose writes share this queue:
        // a returned receipt must survive a crash (synchronous=FULL), and its foreign keys hold.
        _pragmas = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
        Writes = new SqliteWriteQueue(OpenWriteConnectionAsync);
    }

    /// <summary>
    /// The database's one write queue. The exchange store writes through it too, so that a receipt row
    /// and its log entry share a transaction and an fsync.
    /// </summary>
    public SqliteWriteQueue Writes { get; }

    /// <summary>Holds the next leaf index (the lowest freed one first) for a receipt about to be signed.</summary>
    /// <exception cref="EvidenceLogUnavailableException">The log is fail-closed after a sealing outage.</exception>
    public LogReservation Reserve() => ReserveAsync().AsTask().GetAwaiter().GetResult();

    private protected override LogSchema Schema => LogSchema.Sqlite;

    private protected override bool Shared => false;

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        // Reads need no per-connection settings: WAL readers do not wait for the writer.
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

    private protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    private protected override Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        Writes.WriteAsync((c, t) => work(c, t), ct);

    private protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct)
    {
        TakeProcessLock();
        await LogSql.ExecuteAsync(connection, _pragmas, ct).ConfigureAwait(false);
        // journal_mode is stored in the file, but cannot be changed inside a transaction.
        await LogSql.ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct).ConfigureAwait(false);
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    private protected override ValueTask<long> TakeIndexAsync(CancellationToken ct) => ValueTask.FromResult(_sequencer.Take());

    private protected override bool IsReserved(long index) => _sequencer.IsOutstanding(index);

    private protected override void MarkDurable(long index) => _sequencer.Done(index);

    /// <summary>
    /// The index is handed out again unless the entry is there after all (a commit that reported an error
    /// yet persisted), which is checked in the database.
    /// </summary>
    internal override async Task ReleaseAsync(long index)
    {
        try
        {
            if (await IsStoredAsync(index, CancellationToken.None).ConfigureAwait(false)) Completed(index);
            else _sequencer.Free(index);
        }
        catch (SqliteException)
        {
            // Unknown whether it is stored: keeping the index out of circulation is safe; a restart finds the gap.
            _sequencer.Done(index);
        }
    }

    /// <summary>A free index (no receipt holds it) is claimed, atomically with respect to Reserve, and voided.</summary>
    private protected override async Task<bool> TryFillGapAsync(long gap, CancellationToken ct)
    {
        if (!_sequencer.TryClaimFree(gap)) return false;
        try
        {
            await WriteVoidAsync(gap, ct).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(gap).ConfigureAwait(false);
            throw;
        }
        _sequencer.Done(gap);
        return true;
    }

    // The process lock (taken at open) already excludes other sealers.
    private protected override Task<IAsyncDisposable?> TryLeadSealingAsync(CancellationToken ct) => Task.FromResult<IAsyncDisposable?>(NoLease.Instance);

    /// <summary>Entries above the folded prefix, after a crash between concurrent commits: the missing indices are free again.</summary>
    private protected override async Task RecoverIndicesAsync(DbConnection connection, long integratedSize, CancellationToken ct)
    {
        var present = new List<long>();
        await using (var command = LogSql.Command(connection, "SELECT leaf_index FROM evidence_log_entries WHERE leaf_index >= @from ORDER BY leaf_index;", ("@from", integratedSize)))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) present.Add(reader.GetInt64(0));
        }
        var gaps = new List<long>();
        var expected = integratedSize;
        foreach (var index in present)
        {
            for (; expected < index; expected++) gaps.Add(expected);
            expected = index + 1;
        }
        _sequencer.Restore(expected, gaps);
    }

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

    public override async ValueTask DisposeAsync()
    {
        await Writes.CompleteAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
        using (var key = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(key);
        if (_processLock is not null) await _processLock.DisposeAsync().ConfigureAwait(false);
        _processLock = null;
    }

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
