using System.Runtime.InteropServices;
using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>
/// A PDF file read with all its revisions (ISO 32000-1 7.5.6). The file stays in the one buffer given to
/// <see cref="Open"/>; objects are parsed on demand and cached. Returned objects are shared with that cache:
/// <see cref="PdfDictionary.Clone"/> before changing one (for an update), or every later read sees the change.
/// Reading from several threads is safe; loading is serialised.
/// </summary>
public sealed class PdfDocument
{
    private const int MaxReferenceHops = 32;
    private readonly byte[] _bytes;
    private readonly PdfReadOptions _options;
    private readonly WorkBudget _work;
    private readonly Dictionary<long, (int Number, PdfObject Value)> _plainObjects = [];
    private readonly Dictionary<PdfStream, ObjectStreamContent> _objectStreams = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, long> _relocated = [];
    private readonly HashSet<int> _loading = [];
    private readonly Lock _gate = new();
    private List<RevisionData> _revisions = [];
    // Each object's versions by revision: _history maps an object number to its slice of _versions (in revision order).
    private Dictionary<int, (int Start, int Count)>? _history;
    private (int Revision, XrefEntry Entry)[] _versions = [];
    private PdfRevision[] _publicRevisions = [];
    private ObjectScanIndex? _scanIndex;

    private PdfDocument(byte[] bytes, PdfReadOptions options)
    {
        _bytes = bytes;
        _options = options;
        _work = WorkBudget.For(bytes.Length);
    }

    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Oldest first; the last one is current.</summary>
    public IReadOnlyList<PdfRevision> Revisions => _publicRevisions;

    /// <summary>The latest revision's trailer (for a cross-reference stream, its dictionary).</summary>
    public PdfDictionary Trailer => _revisions[^1].Trailer;

    /// <summary>True when the cross-reference could not be read and was rebuilt by scanning the file.</summary>
    public bool Recovered { get; private set; }

    /// <summary>Highest object number in use + 1, over all revisions and their /Size.</summary>
    public int Size { get; private set; }

    public PdfDictionary Catalog => Resolve<PdfDictionary>(Trailer[PdfName.Root]) ?? throw new PdfFormatException("the trailer has no /Root catalog");

    internal PdfReadOptions Options => _options;

    /// <summary>Opens a file held entirely in <paramref name="bytes"/>, which is kept, not copied: do not change it afterwards.</summary>
    public static PdfDocument Open(byte[] bytes, PdfReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var document = new PdfDocument(bytes, options ?? new PdfReadOptions());
        document.Load();
        return document;
    }

    private void Load()
    {
        try
        {
            _revisions = ReadRevisions();
            Publish();
            _ = Catalog;
        }
        catch (PdfFormatException) when (_options.AllowRecovery)
        {
            _plainObjects.Clear();
            _objectStreams.Clear();
            _history = null;
            var result = Recovery.Rebuild(_bytes, _options, ScanIndex, _work);
            _revisions = result.Revisions;
            Recovered = true;
            Publish();
            if (Resolve(Trailer[PdfName.Root]) is not PdfDictionary && result.LastCatalog is { } catalog) Trailer[PdfName.Root] = catalog;
            _ = Catalog;
        }
    }

    private void Publish()
    {
        if (_revisions.Count == 0) throw new PdfFormatException("no cross-reference section found");
        _publicRevisions = [.. _revisions.Select((r, i) => new PdfRevision(i, r.StartXref, r.EndOffset, r.Kind, r.Trailer))];
        long size = 0;
        foreach (var revision in _revisions)
        {
            if (revision.Entries.Count > 0) size = Math.Max(size, revision.Entries.Keys.Max() + 1L);
            // A /Size beyond the object limit is a lie and would make new objects' numbers absurd.
            if (revision.Trailer[PdfName.Size] is PdfInteger { Value: > 0 } declared && declared.Value <= _options.MaxObjects)
                size = Math.Max(size, declared.Value);
        }
        Size = (int)Math.Min(size, int.MaxValue);

        // Each object's versions by revision: finding an object as of a revision is then a binary search rather
        // than a walk back through every revision (documents with dozens of signatures have hundreds of revisions).
        // Two flat structures, counted then filled, and no object per object number: a cross-reference stream of
        // 10^6 entries in a 20 KB file made a list and an array per entry, 300 MB
        // (tests/Gateway.Integration.Tests/Hostile/HostileDocumentTests, "million-objects").
        var history = new Dictionary<int, (int Start, int Count)>();
        var total = 0;
        foreach (var revision in _revisions)
        {
            foreach (var number in revision.Entries.Keys)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(history, number, out var exists);
                if (!exists) slot.Start = -1;
                slot.Count++;
                total++;
            }
        }
        var versions = new (int Revision, XrefEntry Entry)[total];
        var next = 0;
        for (var r = 0; r < _revisions.Count; r++)
        {
            foreach (var (number, entry) in _revisions[r].Entries)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(history, number);
                if (slot.Start < 0)
                {
                    slot.Start = next;
                    next += slot.Count;
                    slot.Count = 0;
                }
                versions[slot.Start + slot.Count++] = (r, entry);
            }
        }
        _versions = versions;
        _history = history;
    }

    private ObjectScanIndex ScanIndex => _scanIndex ??= new ObjectScanIndex(_bytes, _options.MaxObjects);

    private List<RevisionData> ReadRevisions()
    {
        var reader = new XrefReader(_bytes, _options, _work);
        var chain = new List<XrefSection>();
        var seen = new HashSet<long>();
        var offset = FindStartXref();
        while (true)
        {
            if (!seen.Add(offset)) throw new PdfFormatException("the /Prev chain loops", offset);
            var section = reader.Read(offset);
            // Hybrid-reference file (7.5.8.4): the table wins, the /XRefStm stream fills in what the table leaves free.
            if (section.Kind == XrefKind.Table && section.Trailer[PdfName.XRefStm] is PdfInteger { Value: var hybrid } && seen.Add(hybrid))
                foreach (var (number, entry) in reader.Read(hybrid).Entries)
                    if (!section.Entries.TryGetValue(number, out var existing) || existing.Type == 0) section.Entries[number] = entry;
            chain.Add(section);
            if (section.Trailer[PdfName.Prev] is PdfInteger { Value: > 0 } prev) offset = prev.Value;
            else if (EarlierStartXref(section.Offset) is { } earlier && !seen.Contains(earlier)) offset = earlier;
            else break;
        }

        // Newest first. An older section placed later in the file than the newer one is the main table of a
        // linearized file (whose first-page table comes first): both make up one revision.
        var groups = new List<List<XrefSection>>();
        foreach (var section in chain)
        {
            if (groups.Count > 0 && section.Offset > groups[^1][^1].Offset) groups[^1].Add(section);
            else groups.Add([section]);
        }
        var revisions = new List<RevisionData>();
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var group = groups[g];
            var entries = new Dictionary<int, XrefEntry>();
            for (var k = group.Count - 1; k >= 0; k--)
                foreach (var (number, entry) in group[k].Entries)
                    entries[number] = entry;
            var end = FindEndOfRevision(group.Max(s => s.End));
            revisions.Add(new RevisionData(group[0].Offset, end, group[0].Kind, group[0].Trailer, entries));
        }
        return revisions;
    }

    private long FindStartXref()
    {
        var at = _bytes.AsSpan().LastIndexOf("startxref"u8);
        if (at < 0) throw new PdfFormatException("no startxref found");
        var token = new Lexer(_bytes, at + "startxref".Length).Next();
        if (token.Kind != TokenKind.Integer) throw new PdfFormatException("startxref is not followed by an offset", at);
        return token.Integer;
    }

    /// <summary>
    /// Some updaters write no /Prev (or /Prev 0) although earlier revisions precede the section; the "startxref"
    /// closing the previous revision still says where its section is. Null when there is none before <paramref name="offset"/>.
    /// </summary>
    private long? EarlierStartXref(long offset)
    {
        var at = _bytes.AsSpan(0, (int)Math.Min(offset, _bytes.Length)).LastIndexOf("startxref"u8);
        if (at < 0) return null;
        var token = new Lexer(_bytes, at + "startxref".Length).Next();
        return token.Kind == TokenKind.Integer && token.Integer > 0 && token.Integer < offset ? token.Integer : null;
    }

    /// <summary>Just after the first "%%EOF" and its end-of-line from <paramref name="from"/>; the file length when there is none.</summary>
    private long FindEndOfRevision(long from)
    {
        var found = _bytes.AsSpan((int)Math.Min(from, _bytes.Length)).IndexOf("%%EOF"u8);
        if (found < 0) return _bytes.Length;
        var end = (int)from + found + 5;
        if (end < _bytes.Length && _bytes[end] == '\r') end++;
        if (end < _bytes.Length && _bytes[end] == '\n') end++;
        return end;
    }

    public PdfObject? GetObject(int number) => GetObject(number, _revisions.Count - 1);

    /// <summary>The object as visible in revision <paramref name="revisionIndex"/>; null when free or absent there (7.3.10).</summary>
    public PdfObject? GetObject(int number, int revisionIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revisionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(revisionIndex, _revisions.Count);
        if (number <= 0 || FindEntry(number, revisionIndex) is not { } entry) return null;
        lock (_gate)
        {
            if (!_loading.Add(number)) throw new PdfFormatException($"object {number} is needed to load itself");
            try
            {
                return entry.Type switch
                {
                    1 => LoadPlain(number, entry.Field2, revisionIndex),
                    2 => LoadCompressed(number, (int)entry.Field2, entry.Field3, revisionIndex),
                    _ => null,
                };
            }
            finally
            {
                _loading.Remove(number);
            }
        }
    }

    private XrefEntry? FindEntry(int number, int revisionIndex)
    {
        if (_history is not { } history)
        {
            for (var r = revisionIndex; r >= 0; r--)
                if (_revisions[r].Entries.TryGetValue(number, out var entry)) return entry;
            return null;
        }

        if (!history.TryGetValue(number, out var slot)) return null;
        var versions = _versions.AsSpan(slot.Start, slot.Count);
        // The last version written at or before the revision asked for (versions are in revision order).
        int low = 0, high = versions.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (versions[middle].Revision <= revisionIndex) { found = middle; low = middle + 1; }
            else high = middle - 1;
        }
        return found < 0 ? null : versions[found].Entry;
    }

    private PdfObject LoadPlain(int number, long offset, int revisionIndex)
    {
        if (_relocated.TryGetValue(offset, out var moved)) offset = moved;
        if (_plainObjects.TryGetValue(offset, out var cached) && cached.Number == number) return cached.Value;
        var value = TryParseAt(offset, number, out var error);
        if (value is null && _options.AllowRecovery)
        {
            // The entry is off (a common producer bug): take the last definition of the object within this revision.
            var scanned = ScanIndex.Find(number, _revisions[revisionIndex].EndOffset);
            if (scanned >= 0 && scanned != offset && TryParseAt(scanned, number, out _) is { } found)
            {
                _relocated[offset] = scanned;
                offset = scanned;
                value = found;
            }
        }
        if (value is null) throw error!;
        _plainObjects[offset] = (number, value);
        return value;
    }

    private PdfObject? TryParseAt(long offset, int number, out PdfFormatException? error)
    {
        error = null;
        if (offset < 0 || offset >= _bytes.Length)
        {
            error = new PdfFormatException($"object {number} has an offset outside the file", offset);
            return null;
        }
        try
        {
            var parser = new ObjectParser(new Lexer(_bytes, (int)offset, budget: _work), _options.MaxNestingDepth);
            var (found, _, value) = parser.ParseIndirectObject(ResolveLength);
            if (found == number) return value;
            error = new PdfFormatException($"object {number} expected but object {found} found", offset);
        }
        catch (PdfFormatException e)
        {
            error = new PdfFormatException($"object {number}: {e.Message}", e);
        }
        return null;
    }

    private long? ResolveLength(PdfReference reference)
    {
        try
        {
            return Resolve(reference) is PdfInteger length ? length.Value : null;
        }
        catch (PdfFormatException)
        {
            return null;
        }
    }

    private PdfObject? LoadCompressed(int number, int containerNumber, int index, int revisionIndex)
    {
        if (GetObject(containerNumber, revisionIndex) is not PdfStream container)
            throw new PdfFormatException($"object {number}: its object stream {containerNumber} is missing");
        if (!_objectStreams.TryGetValue(container, out var content))
            _objectStreams[container] = content = ObjectStreamContent.Parse(container, containerNumber, Resolve, _options, _work);
        return content.Get(number, index, _options.MaxNestingDepth);
    }

    /// <summary>Follows references (at most a few dozen hops, so cycles end); PdfNull for what is missing.</summary>
    public PdfObject Resolve(PdfObject? obj) => Resolve(obj, _revisions.Count - 1);

    public T? Resolve<T>(PdfObject? obj) where T : PdfObject => Resolve(obj) as T;

    /// <summary>Follows references as the objects were in revision <paramref name="revisionIndex"/>; PdfNull for what is missing there.</summary>
    public PdfObject Resolve(PdfObject? obj, int revisionIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revisionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(revisionIndex, _revisions.Count);
        for (var hops = 0; obj is PdfReference reference; hops++)
        {
            if (hops >= MaxReferenceHops) return PdfNull.Instance;
            obj = GetObject(reference.Number, revisionIndex);
        }
        return obj ?? PdfNull.Instance;
    }

    public T? Resolve<T>(PdfObject? obj, int revisionIndex) where T : PdfObject => Resolve(obj, revisionIndex) as T;

    /// <summary>The page objects in order. Cycles and nodes visited twice are skipped.</summary>
    public IReadOnlyList<PdfReference> Pages => GetPages(_revisions.Count - 1);

    /// <summary>The page objects in order as of revision <paramref name="revisionIndex"/> (empty when it has no readable catalog). Cycles and nodes visited twice are skipped.</summary>
    public IReadOnlyList<PdfReference> GetPages(int revisionIndex)
    {
        var pages = new List<PdfReference>();
        var visited = new HashSet<PdfReference>();
        var pending = new Stack<PdfReference>();
        var catalog = Resolve<PdfDictionary>(_revisions[revisionIndex].Trailer[PdfName.Root], revisionIndex);
        if (catalog?[PdfName.Pages] is PdfReference root) pending.Push(root);
        while (pending.Count > 0)
        {
            var reference = pending.Pop();
            if (!visited.Add(reference) || visited.Count > _options.MaxObjects) continue;
            if (Resolve(reference, revisionIndex) is not PdfDictionary node) continue;
            var kids = Resolve<PdfArray>(node[PdfName.Kids], revisionIndex);
            var type = node[PdfName.Type];
            if (type.IsName(PdfName.Page) || (!type.IsName(PdfName.Pages) && kids is null))
            {
                pages.Add(reference);
                continue;
            }
            if (kids is null) continue;
            for (var i = kids.Count - 1; i >= 0; i--)
                if (kids[i] is PdfReference kid && !visited.Contains(kid)) pending.Push(kid);
        }
        return pages;
    }

    /// <summary>
    /// What the cross-reference section(s) of revision <paramref name="revisionIndex"/> list, by object number: the
    /// objects that revision wrote, changed or freed (a hybrid or linearized revision's sections merged). Object 0,
    /// the head of the free list, is left out.
    /// </summary>
    public IReadOnlyList<PdfXrefEntry> GetRevisionEntries(int revisionIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revisionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(revisionIndex, _revisions.Count);
        var entries = new List<PdfXrefEntry>(_revisions[revisionIndex].Entries.Count);
        foreach (var (number, entry) in _revisions[revisionIndex].Entries)
        {
            if (number <= 0) continue;
            entries.Add(entry.Type switch
            {
                1 => new PdfXrefEntry(number, PdfXrefEntryKind.Plain, entry.Field3, entry.Field2, 0, 0),
                2 => new PdfXrefEntry(number, PdfXrefEntryKind.Compressed, 0, 0, (int)Math.Clamp(entry.Field2, 0, int.MaxValue), entry.Field3),
                _ => new PdfXrefEntry(number, PdfXrefEntryKind.Free, entry.Field3, 0, 0, 0),
            });
        }
        entries.Sort((a, b) => a.Number.CompareTo(b.Number));
        return entries;
    }

    /// <summary>The decoded data; only FlateDecode (with PNG predictors) is supported, and output stops at the configured cap.</summary>
    public byte[] DecodeStream(PdfStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return StreamDecoder.Decode(stream, Resolve, _options.MaxDecodedStreamBytes, "in stream");
    }

    /// <summary>As <see cref="DecodeStream(PdfStream)"/>, stopping (with a <see cref="PdfFormatException"/>) at <paramref name="maxDecodedBytes"/> or the configured cap, whichever is lower.</summary>
    public byte[] DecodeStream(PdfStream stream, long maxDecodedBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecodedBytes);
        return StreamDecoder.Decode(stream, Resolve, Math.Min(maxDecodedBytes, _options.MaxDecodedStreamBytes), "in stream");
    }

    /// <summary>Byte offset of "N G obj" of a plain (not compressed) object in the latest revision; -1 otherwise.</summary>
    public long OffsetOf(int number)
    {
        if (number <= 0 || FindEntry(number, _revisions.Count - 1) is not { Type: 1 } entry) return -1;
        if (GetObject(number) is null) return -1;
        lock (_gate) return _relocated.TryGetValue(entry.Field2, out var actual) ? actual : entry.Field2;
    }

    /// <summary>Every object in use in the latest revision, with where it is: what a complete cross-reference section lists.</summary>
    internal SortedDictionary<int, XrefEntry> CurrentEntries()
    {
        var result = new SortedDictionary<int, XrefEntry>();
        for (var r = _revisions.Count - 1; r >= 0; r--)
            foreach (var (number, entry) in _revisions[r].Entries)
                result.TryAdd(number, entry);
        foreach (var number in result.Where(e => e.Value.Type == 0 || e.Key == 0).Select(e => e.Key).ToList()) result.Remove(number);
        return result;
    }

    /// <summary>The generation an update must keep: that of the plain object, 0 for one from an object stream.</summary>
    internal int GenerationOf(int number, int fallback) => FindEntry(number, _revisions.Count - 1) switch
    {
        { Type: 1 } entry => entry.Field3,
        { Type: 2 } => 0,
        _ => fallback,
    };
}
