using System.Collections;

namespace Gateway.Pdf;

/// <summary>A dictionary object. Keys keep insertion order so that what is written is predictable.</summary>
public sealed class PdfDictionary : PdfObject, IEnumerable<KeyValuePair<PdfName, PdfObject>>
{
    private readonly OrderedDictionary<PdfName, PdfObject> _entries;

    public PdfDictionary() => _entries = [];

    private PdfDictionary(OrderedDictionary<PdfName, PdfObject> entries) => _entries = entries;

    /// <summary>Setting null removes the entry: ISO 32000-1 7.3.7 makes a null value equivalent to an absent key.</summary>
    public PdfObject? this[string key]
    {
        get => Get(key);
        set => this[new PdfName(key)] = value;
    }

    public PdfObject? this[PdfName key]
    {
        get => _entries.TryGetValue(key, out var value) ? value : null;
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            if (value is null) _entries.Remove(key);
            else _entries[key] = value;
        }
    }

    public int Count => _entries.Count;

    public IEnumerable<PdfName> Keys => _entries.Keys;

    public PdfObject? Get(string key) => _entries.TryGetValue(new PdfName(key), out var value) ? value : null;

    public bool ContainsKey(string key) => _entries.ContainsKey(new PdfName(key));

    public bool Remove(string key) => _entries.Remove(new PdfName(key));

    public PdfDictionary Clone() => new(new OrderedDictionary<PdfName, PdfObject>(_entries));

    public IEnumerator<KeyValuePair<PdfName, PdfObject>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
