namespace Gateway.EvidenceLog.Internal;

/// <summary>
/// Hands out leaf indices before receipts are signed. Receipts are issued concurrently and commit in
/// any order, so the log may briefly have gaps; the tree only grows over the contiguous prefix.
/// An index whose receipt never became durable (signing or storing failed, the write was a replay)
/// is handed out again, lowest first, so a gap is normally filled by the next receipt: no client ever
/// saw a receipt with that index, so reusing it breaks no promise. A gap that still blocks durable
/// entries when the sealer runs is filled with a void entry instead (<see cref="TryClaimFree"/>).
/// </summary>
internal sealed class Sequencer
{
    private readonly object _lock = new();
    private readonly SortedSet<long> _free = [];
    private readonly HashSet<long> _outstanding = [];
    private long _next;

    /// <summary>After a start: the next fresh index and the gaps found above the folded prefix (a crash between concurrent commits).</summary>
    public void Restore(long next, IEnumerable<long> gaps)
    {
        lock (_lock)
        {
            _next = next;
            _free.Clear();
            _free.UnionWith(gaps);
            _outstanding.Clear();
        }
    }

    public long Take()
    {
        lock (_lock)
        {
            long index;
            if (_free.Count > 0)
            {
                index = _free.Min;
                _free.Remove(index);
            }
            else
            {
                index = _next++;
            }
            _outstanding.Add(index);
            return index;
        }
    }

    /// <summary>Reserves <paramref name="count"/> fresh consecutive indices (bulk loading); the free list is left alone.</summary>
    public long TakeRange(int count)
    {
        lock (_lock)
        {
            var first = _next;
            _next += count;
            for (var i = first; i < _next; i++) _outstanding.Add(i);
            return first;
        }
    }

    public bool IsOutstanding(long index)
    {
        lock (_lock) return _outstanding.Contains(index);
    }

    /// <summary>The entry is durable.</summary>
    public void Done(long index)
    {
        lock (_lock) _outstanding.Remove(index);
    }

    /// <summary>The entry was not stored: the index goes back for the next receipt.</summary>
    public void Free(long index)
    {
        lock (_lock)
        {
            if (!_outstanding.Remove(index)) return;
            _free.Add(index);
            // Freed indices at the very end are simply not handed out yet: no gap, nothing to fill.
            while (_next > 0 && _free.Remove(_next - 1)) _next--;
        }
    }

    /// <summary>
    /// Takes a free index for a void entry (see <see cref="SqliteEvidenceLog"/>): true only when no
    /// receipt holds it, atomically with respect to <see cref="Take"/>.
    /// </summary>
    public bool TryClaimFree(long index)
    {
        lock (_lock)
        {
            if (!_free.Remove(index)) return false;
            _outstanding.Add(index);
            return true;
        }
    }

    public int Outstanding
    {
        get { lock (_lock) return _outstanding.Count; }
    }
}
