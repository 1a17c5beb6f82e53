using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// The document as it was in one revision, read defensively: an object that cannot be read is null here and its
/// number is remembered in <see cref="Unreadable"/>.
/// </summary>
internal sealed class RevisionView
{
    private const int MaxHops = 32;
    private readonly Dictionary<int, PdfObject?> _objects = [];

    public RevisionView(PdfDocument document, int index)
    {
        Document = document;
        Index = index;
        Trailer = document.Revisions[index].Trailer;
        RootReference = Trailer.Get("Root") as PdfReference;
        Catalog = Resolve(Trailer.Get("Root")) as PdfDictionary;
    }

    public PdfDocument Document { get; }

    public int Index { get; }

    public PdfDictionary Trailer { get; }

    public PdfReference? RootReference { get; }

    public PdfDictionary? Catalog { get; }

    public HashSet<int> Unreadable { get; } = [];

    /// <summary>The object numbered <paramref name="number"/> in this revision; null when free, absent or unreadable.</summary>
    public PdfObject? Get(int number)
    {
        if (number <= 0) return null;
        if (_objects.TryGetValue(number, out var cached)) return cached;
        PdfObject? value;
        try
        {
            value = Document.GetObject(number, Index);
        }
        catch (PdfFormatException)
        {
            Unreadable.Add(number);
            value = null;
        }
        _objects[number] = value;
        return value;
    }

    /// <summary>False when the object is listed but cannot be read.</summary>
    public bool TryGet(int number, out PdfObject? value)
    {
        value = Get(number);
        return !Unreadable.Contains(number);
    }

    public PdfObject? Resolve(PdfObject? obj)
    {
        for (var hops = 0; obj is PdfReference reference; hops++)
        {
            if (hops >= MaxHops) return null;
            obj = Get(reference.Number);
        }
        return obj is PdfNull ? null : obj;
    }

    public T? Resolve<T>(PdfObject? obj) where T : PdfObject => Resolve(obj) as T;

    /// <summary>The dictionary of a dictionary or of a stream.</summary>
    public static PdfDictionary? DictionaryOf(PdfObject? obj) => obj as PdfDictionary ?? (obj as PdfStream)?.Dictionary;

    /// <summary>The page objects in order (the page tree walked as PdfDocument.GetPages does, reading defensively).</summary>
    public IReadOnlyList<PdfReference> Pages(int maxNodes)
    {
        var pages = new List<PdfReference>();
        var visited = new HashSet<int>();
        var pending = new Stack<PdfReference>();
        if (Catalog?.Get("Pages") is PdfReference root) pending.Push(root);
        while (pending.Count > 0 && visited.Count < maxNodes)
        {
            var reference = pending.Pop();
            if (!visited.Add(reference.Number)) continue;
            if (Get(reference.Number) is not PdfDictionary node) continue;
            var kids = Resolve<PdfArray>(node.Get("Kids"));
            var type = node.Get("Type") as PdfName;
            if (type?.Value == "Page" || (type?.Value != "Pages" && kids is null))
            {
                pages.Add(reference);
                continue;
            }
            if (kids is null) continue;
            for (var i = kids.Count - 1; i >= 0; i--)
                if (kids[i] is PdfReference kid && !visited.Contains(kid.Number)) pending.Push(kid);
        }
        return pages;
    }
}
