using System.Data.Common;
using System.Globalization;
using Gateway.Crypto;
using Gateway.EvidenceLog.Internal;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

/// <summary>
/// The evidence log in the gateway's database: every receipt the gateway issues is a leaf (its exact DER
/// bytes, RFC 6962 leaf-hashed), every complete perfect subtree is stored, and checkpoints are sealed in
/// batches (<see cref="RunAsync"/>), each signed with the log key and time-stamped once. Thread-safe.
/// Two stores: <see cref="SqliteEvidenceLog"/> (one process per database file, indices sequenced in
/// memory) and <see cref="PostgresEvidenceLog"/> (several instances, indices sequenced by the database).
/// </summary>
/// <remarks>
/// Flow of one receipt: <see cref="ReserveAsync"/> an index, sign the receipt with that index in it,
/// write it (<see cref="AppendAsync"/>, or <see cref="WriteEntryAsync"/> inside the caller's own
/// transaction on the same database), <see cref="LogReservation.Complete"/>. Proofs are served up to the
/// newest checkpoint only.
/// </remarks>
public abstract partial class EvidenceLogStore : ILogSource, IAsyncDisposable
{
    private readonly EvidenceLogOptions _options;
    private volatile NoteSigner _signer;
    private volatile IReadOnlyList<string> _previousKeys = [];
    private readonly ITimeStampSource _timeStamps;
    private readonly SemaphoreSlim _sealLock = new(1, 1);
    private readonly object _healthLock = new();
    private readonly LogMetrics _metrics;
    private TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NodeBuilder _tree = new(0, []);
    private volatile SignedCheckpoint? _latest;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _lastSealAt;
    private string? _lastError;
    private bool _opened;

    private protected EvidenceLogStore(EvidenceLogOptions options, NoteSigner signer, ITimeStampSource timeStamps, TimeProvider? clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(timeStamps);
        if (string.IsNullOrEmpty(options.Origin)) throw new ArgumentException("EvidenceLogOptions.Origin is required", nameof(options));
        if (!string.Equals(signer.Name, options.Origin, StringComparison.Ordinal))
            throw new ArgumentException("the log key's name must be the log's origin, so that verifiers can name the key from the checkpoint", nameof(signer));
        if (options.SealInterval <= TimeSpan.Zero || options.MaxEntriesPerTransaction <= 0 || options.ReservationLease <= TimeSpan.Zero)
            throw new ArgumentException("SealInterval, ReservationLease and MaxEntriesPerTransaction must be positive", nameof(options));
        _options = options;
        _signer = signer;
        _timeStamps = timeStamps;
        Clock = clock ?? TimeProvider.System;
        _metrics = new LogMetrics(this);
    }

    /// <summary>The log's name in checkpoints and receipts.</summary>
    public string Origin => _options.Origin!;

    /// <summary>The C2SP verifier key of the log key ("origin+keyid+base64"): what auditors pin.</summary>
    public string VerifierKey => _signer.VerifierKey;

    /// <summary>Verifier keys of the log's earlier keys: checkpoints sealed before a rotation carry one of them.</summary>
    public IReadOnlyList<string> PreviousVerifierKeys => _previousKeys;

    /// <summary>Accepts checkpoints signed by the current key or any earlier one.</summary>
    public NoteVerifier Verifier => NoteVerifier.AnyOf([NoteVerifier.FromVerifierKey(VerifierKey), .. PreviousVerifierKeys.Select(NoteVerifier.FromVerifierKey)]);

    /// <summary>
    /// Seals from now on with <paramref name="signer"/> (a rotation, without stopping the log); the key it replaces
    /// joins <paramref name="previousVerifierKeys"/>, so that checkpoints it sealed stay verifiable from what the
    /// gateway publishes. The seal in progress, if any, finishes with the key it started with.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not named by the log's origin, or a previous key is malformed or of another log.</exception>
    public void UseKey(NoteSigner signer, IEnumerable<string> previousVerifierKeys)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!string.Equals(signer.Name, Origin, StringComparison.Ordinal))
            throw new ArgumentException("the log key's name must be the log's origin, so that verifiers can name the key from the checkpoint", nameof(signer));
        List<string> previous = [];
        foreach (var key in previousVerifierKeys.Append(_signer.VerifierKey))
        {
            var verifier = NoteVerifier.FromVerifierKey(key);
            if (!string.Equals(verifier.Name, Origin, StringComparison.Ordinal))
                throw new ArgumentException($"the previous log key {verifier} is not named by the log's origin {Origin}", nameof(previousVerifierKeys));
            if (key != signer.VerifierKey && !previous.Contains(key)) previous.Add(key);
        }
        _previousKeys = previous;
        _signer = signer;
    }

    public EvidenceLogOptions Options => _options;

    /// <summary>
    /// The newest sealed checkpoint this instance knows; null before the first seal. With several
    /// instances on one database it may lag another instance's seal by one <see cref="EvidenceLogOptions.SealInterval"/>.
    /// </summary>
    public SignedCheckpoint? LatestCheckpoint => _latest;

    /// <summary>Raised (on the sealing task) when a seal fails, for logging.</summary>
    public event Action<Exception>? SealFailed;

    private protected TimeProvider Clock { get; }

    private protected abstract LogSchema Schema { get; }

    /// <summary>True when other processes append to and seal the same log (PostgreSQL): state is re-read from the database each round.</summary>
    private protected abstract bool Shared { get; }

    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A read-only transaction that pins one snapshot for a multi-statement read.</summary>
    private protected abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in a write transaction and returns once it is durable.</summary>
    private protected abstract Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct);

    /// <summary>The schema transaction: exclusive against other instances migrating the same database.</summary>
    private protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A fresh or reused leaf index for a receipt about to be signed.</summary>
    private protected abstract ValueTask<long> TakeIndexAsync(CancellationToken ct);

    /// <summary>Whether this instance holds <paramref name="index"/> for a receipt being signed or stored.</summary>
    private protected abstract bool IsReserved(long index);

    /// <summary>The entry at <paramref name="index"/> is durable.</summary>
    private protected abstract void MarkDurable(long index);

    /// <summary>A reservation ended without its entry (see <see cref="LogReservation"/>).</summary>
    internal abstract Task ReleaseAsync(long index);

    /// <summary>
    /// The sealer found <paramref name="gap"/> missing below durable entries. Returns true when it is
    /// abandoned (no receipt can carry it any more) and has now been filled with a void entry.
    /// </summary>
    private protected abstract Task<bool> TryFillGapAsync(long gap, CancellationToken ct);

    /// <summary>
    /// Exclusive right to fold and seal for one round, or null when another instance has it; disposing
    /// gives it back. A single-process log always gets it.
    /// </summary>
    private protected abstract Task<IAsyncDisposable?> TryLeadSealingAsync(CancellationToken ct);

    /// <summary>After <see cref="OpenAsync"/> found the folded size: the single-process log recovers its free indices here.</summary>
    private protected virtual Task RecoverIndicesAsync(DbConnection connection, long integratedSize, CancellationToken ct) => Task.CompletedTask;

    /// <summary>When the oldest entry not covered by <paramref name="sealedSize"/> was logged, if the store records it.</summary>
    private protected virtual Task<DateTimeOffset?> OldestUnsealedAsync(DbConnection connection, long sealedSize, CancellationToken ct) =>
        Task.FromResult<DateTimeOffset?>(null);

    /// <summary>Creates or upgrades the log's tables and recovers state. Call once before anything else.</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this build, or the database belongs to a log of another origin.</exception>
    public async Task OpenAsync(CancellationToken ct = default)
    {
        if (_opened) throw new InvalidOperationException("the evidence log is already open");
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (var tx = await BeginMigrationAsync(connection, ct).ConfigureAwait(false))
        {
            await LogSql.ExecuteAsync(connection, Schema.CreateVersionTable, ct).ConfigureAwait(false);
            var current = Convert.ToInt32(await LogSql.ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM evidence_log_schema_version;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (current > Schema.LatestVersion)
                throw new InvalidOperationException($"evidence log schema version {current} is newer than this build supports ({Schema.LatestVersion}); refusing to downgrade");
            foreach (var (version, sql) in Schema.Migrations.Where(m => m.Version > current))
            {
                await LogSql.ExecuteAsync(connection, sql, ct).ConfigureAwait(false);
                await LogSql.ExecuteAsync(connection, "INSERT INTO evidence_log_schema_version (version, applied_at) VALUES (@v, @at);", ct,
                    ("@v", version), ("@at", FormatTime(Clock.GetUtcNow()))).ConfigureAwait(false);
            }
            await LogSql.ExecuteAsync(connection, "INSERT INTO evidence_log_state (id, origin, integrated_size) VALUES (1, @origin, 0) ON CONFLICT (id) DO NOTHING;", ct,
                ("@origin", Origin)).ConfigureAwait(false);
            var origin = (string)(await LogSql.ScalarAsync(connection, "SELECT origin FROM evidence_log_state WHERE id = 1;", ct).ConfigureAwait(false))!;
            if (!string.Equals(origin, Origin, StringComparison.Ordinal))
                throw new InvalidOperationException($"this database holds the evidence log '{origin}', not '{Origin}': a log's origin never changes");
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        await SyncTreeAsync(connection, ct).ConfigureAwait(false);
        _lastSealAt = _latest?.SealedAt;
        await RecoverIndicesAsync(connection, _tree.Size, ct).ConfigureAwait(false);
        _opened = true;
    }

    /// <summary>
    /// Loads the folded size with its compact range, and the newest checkpoint, when the database has moved
    /// on from what this instance holds (at start, or another instance sealed).
    /// </summary>
    private async Task SyncTreeAsync(DbConnection connection, CancellationToken ct)
    {
        var size = Convert.ToInt64(await LogSql.ScalarAsync(connection, "SELECT integrated_size FROM evidence_log_state WHERE id = 1;", ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (size != _tree.Size || !_opened)
        {
            var rangeNodes = ProofRecipes.CompactRange((ulong)size);
            var hashes = await ReadNodesAsync(connection, rangeNodes, ct).ConfigureAwait(false);
            _tree = new NodeBuilder(size, rangeNodes.Select(n => hashes[n]).ToList());
        }
        if (!_opened || Shared) _latest = await ReadCheckpointAsync(connection, null, ct).ConfigureAwait(false);
    }

    /// <summary>Sealing works (or has failed for no longer than the bound); see <see cref="Health"/>.</summary>
    public EvidenceLogHealth Health
    {
        get
        {
            lock (_healthLock)
            {
                var healthy = _failingSince is not { } since || Clock.GetUtcNow() - since <= _options.TsaOutageBound;
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
    public async ValueTask<LogReservation> ReserveAsync(CancellationToken ct = default)
    {
        EnsureOpen();
        EnsureAccepting();
        return new LogReservation(this, await TakeIndexAsync(ct).ConfigureAwait(false));
    }

    /// <summary>Writes a receipt at its reserved index in a transaction of its own and completes the reservation once durable.</summary>
    public async Task AppendAsync(LogReservation reservation, byte[] data, string receiptId, IReadOnlyList<string> parties, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await WriteAsync(async (c, t) =>
        {
            await WriteEntryAsync(c, reservation.Index, data, receiptId, parties, t).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        reservation.Complete();
    }

    /// <summary>
    /// Inserts a receipt at its reserved index on <paramref name="connection"/>, an open connection to the
    /// log's database inside the caller's write transaction: the entry then commits (or not) with whatever
    /// else that transaction does. Complete the reservation after the commit.
    /// </summary>
    /// <param name="parties">The agencies that may read the entry and get its proofs.</param>
    public Task WriteEntryAsync(DbConnection connection, long index, byte[] data, string receiptId, IReadOnlyList<string> parties, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(receiptId);
        ArgumentNullException.ThrowIfNull(parties);
        if (data.Length == 0) throw new ArgumentException("a log entry is the receipt's bytes; empty is not a receipt", nameof(data));
        if (parties.Any(p => string.IsNullOrEmpty(p) || p.Any(char.IsWhiteSpace)))
            throw new ArgumentException("party ids are non-empty and contain no whitespace", nameof(parties));
        if (!IsReserved(index))
            throw new InvalidOperationException($"leaf index {index} is not reserved: reserve an index before signing the receipt");
        return InsertEntryAsync(connection, index, data, receiptId, parties, ifAbsent: false, ct);
    }

    /// <summary>
    /// SQL that joins, as <c>{alias}.data</c>, the log entry of a receipt id to another table of this
    /// database: the exchange store keeps a logged receipt's bytes only here rather than twice (a receipt
    /// is 7–8 KB; writing it twice per submission cost about a third of Submit throughput).
    /// </summary>
    public static string JoinEntryData(string alias, string receiptIdExpression) =>
        $"LEFT JOIN evidence_log_entries {alias} ON {alias}.receipt_id = {receiptIdExpression}";

    private protected static Task<int> InsertEntryAsync(DbConnection connection, long index, byte[] data, string receiptId, IReadOnlyList<string> parties, bool ifAbsent, CancellationToken ct) =>
        LogSql.ExecuteAsync(connection,
            "INSERT INTO evidence_log_entries (leaf_index, leaf_hash, receipt_id, parties, data) VALUES (@i, @h, @r, @p, @d)" + (ifAbsent ? " ON CONFLICT DO NOTHING;" : ";"), ct,
            ("@i", index), ("@h", Rfc6962.HashLeaf(data)), ("@r", receiptId), ("@p", string.Join(' ', parties.Distinct(StringComparer.Ordinal))), ("@d", data));

    /// <summary>Writes the void entry of an abandoned index, unless something (its receipt, after all) is there already.</summary>
    private protected Task WriteVoidAsync(long index, CancellationToken ct) =>
        WriteAsync((c, t) => InsertEntryAsync(c, index, VoidEntry.Data(Origin, index), VoidEntry.ReceiptId(index), [], ifAbsent: true, t), ct);

    internal void Completed(long index)
    {
        MarkDurable(index);
        _metrics.Appended();
        Interlocked.Exchange(ref _work, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Whether an entry is stored at <paramref name="index"/>.</summary>
    private protected async Task<bool> IsStoredAsync(long index, CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
        return await LogSql.ScalarAsync(connection, "SELECT 1 FROM evidence_log_entries WHERE leaf_index = @i;", ct, ("@i", index)).ConfigureAwait(false) is not null;
    }

    private protected void EnsureOpen()
    {
        if (!_opened) throw new InvalidOperationException("call OpenAsync first");
    }

    private protected static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public virtual ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
