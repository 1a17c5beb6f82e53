using System.Collections.Concurrent;

namespace Gateway.Pkix.Internal;

/// <summary>A thread-safe dictionary that forgets everything when it reaches its size: simple, and enough for caches whose misses only cost time.</summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity) : IDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();

    public void Set(TKey key, TValue value)
    {
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = value;
    }

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public TValue this[TKey key]
    {
        get => _entries[key];
        set => Set(key, value);
    }

    public ICollection<TKey> Keys => _entries.Keys;
    public ICollection<TValue> Values => _entries.Values;
    public int Count => _entries.Count;
    public bool IsReadOnly => false;
    public void Add(TKey key, TValue value) => Set(key, value);
    public void Add(KeyValuePair<TKey, TValue> item) => Set(item.Key, item.Value);
    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);
    public bool Contains(KeyValuePair<TKey, TValue> item) => _entries.TryGetValue(item.Key, out var v) && EqualityComparer<TValue>.Default.Equals(v, item.Value);
    public bool Remove(TKey key) => _entries.TryRemove(key, out _);
    public bool Remove(KeyValuePair<TKey, TValue> item) => _entries.TryRemove(item);
    public void Clear() => _entries.Clear();
    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) => ((ICollection<KeyValuePair<TKey, TValue>>)_entries).CopyTo(array, arrayIndex);
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _entries.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
