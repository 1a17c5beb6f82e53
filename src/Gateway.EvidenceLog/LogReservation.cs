namespace Gateway.EvidenceLog;

/// <summary>
/// A leaf index held for one receipt while it is signed and stored. Write the receipt at
/// <see cref="Index"/> (with <see cref="EvidenceLogStore.AppendAsync"/>, or inside the caller's own
/// transaction with <see cref="EvidenceLogStore.WriteEntryAsync"/>), call <see cref="Complete"/> once
/// that is durable, and dispose. Disposed without Complete, the index goes back to the log (SQLite: for
/// the next receipt, after checking that it really was not stored; PostgreSQL: voided at once), so a
/// failed receipt holds nothing back.
/// </summary>
public sealed class LogReservation : IAsyncDisposable
{
    private readonly EvidenceLogStore _log;
    private int _state; // 0 held, 1 completed, 2 released

    internal LogReservation(EvidenceLogStore log, long index)
    {
        _log = log;
        Index = index;
    }

    public long Index { get; }

    /// <summary>The log's origin, for the receipt's log position.</summary>
    public string Origin => _log.Origin;

    /// <summary>The entry is durable: keep the index and wake the sealer.</summary>
    public void Complete()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) == 0) _log.Completed(Index);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0) await _log.ReleaseAsync(Index).ConfigureAwait(false);
    }
}
