using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Gateway.Crypto;
using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;
using Npgsql;

namespace Gateway.EvidenceLog;

/// <summary>
/// The evidence log in PostgreSQL, shared by every gateway instance on the database.
/// </summary>
/// <remarks>
/// <para>Indices come from a database sequence, so no two instances ever hand out the same one, in the order
/// they were asked for. An index whose receipt was not stored (signing failed, the store found a replay)
/// is voided at once by its instance: unlike SQLite's in-memory sequencer, nobody can hand it out again.
/// An index whose instance died holding it is voided by the sealer once the entry after it is older than
/// <see cref="EvidenceLogOptions.ReservationLease"/>; should the receipt commit after all, the primary
/// key lets exactly one of the two in, and a receipt that loses is never returned to its client.</para>
/// <para>Sealing: every instance runs the loop, and each round the one holding the session advisory lock
/// folds and seals; the others re-read the tree and the newest checkpoint, so proofs and health agree
/// across instances within one interval. If the sealing instance dies, its lock goes with its
/// connection and another takes over at its next round.</para>
/// </remarks>
public sealed class PostgresEvidenceLog : EvidenceLogStore
{
    // Session-scoped: held for one sealing round on a dedicated connection.
    private const long SealingLockKey = 0x6777_6C6F_6700_0002; // "gwlog" 2
    private const long MigrationLockKey = 0x6777_6C6F_6700_0001; // "gwlog" 1

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly ConcurrentDictionary<long, byte> _reserved = new();

    /// <param name="dataSource">The gateway database; the exchange store may share it.</param>
    public PostgresEvidenceLog(NpgsqlDataSource dataSource, EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock = null)
        : this(dataSource, false, options, signer, timeStamps, clock)
    {
    }

    /// <param name="connectionString">A PostgreSQL connection string ("Host=…;Database=…").</param>
    public PostgresEvidenceLog(string connectionString, EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock = null)
        : this(NpgsqlDataSource.Create(connectionString), true, options, signer, timeStamps, clock)
    {
    }

    private PostgresEvidenceLog(NpgsqlDataSource dataSource, bool owns, EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock)
        : base(options, signer, timeStamps, clock)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = owns;
    }

    /// <summary>The database the log lives in, for a store that writes entries in its own transactions.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    private protected override LogSchema Schema => LogSchema.Postgres;

    private protected override bool Shared => true;

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    private protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);

    private protected override async Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        var result = await work(connection, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    private protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(ct).ConfigureAwait(false);
        // Instances starting together migrate one after another; the second then finds the schema current.
        await LogSql.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key);", ct, ("@key", MigrationLockKey)).ConfigureAwait(false);
        return tx;
    }

    private protected override async ValueTask<long> TakeIndexAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var index = Convert.ToInt64(await LogSql.ScalarAsync(connection, "SELECT nextval('evidence_log_leaf_index');", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        _reserved[index] = 0;
        return index;
    }

    private protected override bool IsReserved(long index) => _reserved.ContainsKey(index);

    private protected override void MarkDurable(long index) => _reserved.TryRemove(index, out _);

    /// <summary>No instance will hand the index out again: void it now, so it holds nothing back (a no-op if the entry is there after all).</summary>
    internal override async Task ReleaseAsync(long index)
    {
        if (!_reserved.TryRemove(index, out _)) return;
        try
        {
            await WriteVoidAsync(index, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The gap stays until the sealer voids it after the reservation lease.
        }
    }

    /// <summary>
    /// A gap no instance can still fill: not held here, and the entry after it began its transaction more
    /// than the lease ago (its own index was reserved later than the gap's, so the gap's holder, if any,
    /// has held it longer than the lease).
    /// </summary>
    private protected override async Task<bool> TryFillGapAsync(long gap, CancellationToken ct)
    {
        if (_reserved.ContainsKey(gap)) return false;
        await using (var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
        {
            var expired = await LogSql.ScalarAsync(connection,
                "SELECT logged_at < now() - @lease FROM evidence_log_entries WHERE leaf_index > @gap ORDER BY leaf_index LIMIT 1;", ct,
                ("@lease", Options.ReservationLease), ("@gap", gap)).ConfigureAwait(false);
            if (expired is not true) return false;
        }
        await WriteVoidAsync(gap, ct).ConfigureAwait(false);
        return true;
    }

    private protected override async Task<IAsyncDisposable?> TryLeadSealingAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            if (await LogSql.ScalarAsync(connection, "SELECT pg_try_advisory_lock(@key);", ct, ("@key", SealingLockKey)).ConfigureAwait(false) is true)
                return new SealingLease(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private protected override async Task<DateTimeOffset?> OldestUnsealedAsync(DbConnection connection, long sealedSize, CancellationToken ct) =>
        await LogSql.ScalarAsync(connection, "SELECT min(logged_at) FROM evidence_log_entries WHERE leaf_index >= @s;", ct, ("@s", sealedSize)).ConfigureAwait(false) switch
        {
            DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            DateTimeOffset at => at,
            _ => null,
        };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The sealing lock on its own connection: unlocked, and the connection closed, when the round ends.</summary>
    private sealed class SealingLease(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await LogSql.ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key);", CancellationToken.None, ("@key", SealingLockKey)).ConfigureAwait(false);
            }
            finally
            {
                // Should the unlock fail, Npgsql resets a pooled connection (DISCARD ALL, which drops advisory locks) before reuse.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
