namespace Gateway.Crypto.Internal;

/// <summary>
/// Bounded in-memory cache of revocation answers keyed by (issuer, serial). Entries expire at their own time;
/// when full, expired entries go first, then the oldest inserted.
/// </summary>
internal sealed class RevocationCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RevocationEvidence Evidence, DateTimeOffset Expires, LinkedListNode<string> Node)> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string key, DateTimeOffset now, out RevocationEvidence evidence)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Expires > now)
                {
                    evidence = entry.Evidence;
                    return true;
                }

                Remove(key);
            }
        }

        evidence = null!;
        return false;
    }

    public void Set(string key, RevocationEvidence evidence, DateTimeOffset expires, DateTimeOffset now)
    {
        if (capacity <= 0 || expires <= now)
        {
            return;
        }

        lock (_gate)
        {
            Remove(key);
            if (_entries.Count >= capacity)
            {
                foreach (var expired in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
                {
                    Remove(expired);
                }
            }

            while (_entries.Count >= capacity)
            {
                Remove(_order.First!.Value);
            }

            _entries[key] = (evidence, expires, _order.AddLast(key));
        }
    }

    private void Remove(string key)
    {
        if (_entries.Remove(key, out var entry))
        {
            _order.Remove(entry.Node);
        }
    }
}
