using System.Collections;

namespace Gateway.Pdf;

public sealed class PdfArray : PdfObject, IList<PdfObject>
{
    private readonly List<PdfObject> _items;

    public PdfArray() => _items = [];

    public PdfArray(IEnumerable<PdfObject> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        foreach (var item in _items) ArgumentNullException.ThrowIfNull(item, nameof(items));
    }

    public PdfObject this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    public int Count => _items.Count;

    public bool IsReadOnly => false;

    public void Add(PdfObject item) => _items.Add(item ?? throw new ArgumentNullException(nameof(item)));

    public void Clear() => _items.Clear();

    public bool Contains(PdfObject item) => _items.Contains(item);

    public void CopyTo(PdfObject[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public IEnumerator<PdfObject> GetEnumerator() => _items.GetEnumerator();

    public int IndexOf(PdfObject item) => _items.IndexOf(item);

    public void Insert(int index, PdfObject item) => _items.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    public bool Remove(PdfObject item) => _items.Remove(item);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
