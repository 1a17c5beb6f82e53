using System.Globalization;
using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// One revision compared with the one before it. Every object the revision's cross-reference lists and that differs
/// from before is a change; rules explain ("claim") changes as allowed kinds of modification, and whatever is left
/// unexplained is reported as disallowed. Claims of objects that existed before carry the place where the rule found
/// them (an anchor: catalog, page, annotation, trailer, with a path), checked against every use of the object in the
/// previous revision, so that an object shared with page content cannot be changed under cover of an allowed role.
/// What a comparison finds does not depend on the signed revision or the permissions, which are applied afterwards.
/// </summary>
internal sealed class Comparison
{
    private const long GraphBudget = 50_000_000;
    private readonly Dictionary<int, Finding?> _claims = [];
    private readonly List<(int Number, int Anchor, string Prefix, Finding? Finding)> _anchorChecks = [];
    private ReferenceGraph? _oldGraph;

    public Comparison(PdfDocument document, int revision)
    {
        Document = document;
        Revision = revision;
        Old = new RevisionView(document, revision - 1);
        New = new RevisionView(document, revision);
        Equality = new PdfEquality(document);
    }

    public PdfDocument Document { get; }
    public int Revision { get; }
    public RevisionView Old { get; }
    public RevisionView New { get; }
    public PdfEquality Equality { get; }
    public Dictionary<int, Change> Changes { get; } = [];
    public List<Finding> Findings { get; } = [];

    /// <summary>Widgets of signature fields this revision created (the page rule lets them onto /Annots).</summary>
    public HashSet<int> NewSignatureWidgets { get; } = [];

    /// <summary>The findings of signatures, time-stamps and signature fields this revision added.</summary>
    public List<Finding> SignatureFindings { get; } = [];

    /// <summary>Widget object number → its field, in the previous and in this revision (set by the form rule).</summary>
    public Dictionary<int, FormField> OldWidgetOwners { get; set; } = [];

    public Dictionary<int, FormField> NewWidgetOwners { get; set; } = [];

    /// <summary>Fields filled or signed in this revision, by name, with their finding.</summary>
    public Dictionary<string, Finding> FilledFields { get; } = new(StringComparer.Ordinal);

    public ReferenceGraph OldGraph => _oldGraph ??= ReferenceGraph.Build(Old, Document.Size + 1, GraphBudget);

    public bool IsAdded(int number) => Changes.TryGetValue(number, out var change) && change.Kind == ChangeKind.Added;

    public bool IsChanged(int number) => Changes.TryGetValue(number, out var change) && change.Kind != ChangeKind.Added;

    public bool IsClaimed(int number) => _claims.ContainsKey(number);

    public Finding Report(string code, string description, int? objectNumber, ModificationLevel level, string? field = null, bool lockSensitive = false)
    {
        var finding = new Finding { Code = code, Description = description, ObjectNumber = objectNumber, Level = level, FieldName = field, LockSensitive = lockSensitive };
        Findings.Add(finding);
        return finding;
    }

    /// <summary>Finds the changes: objects the revision lists whose value differs from the previous revision's.</summary>
    public void CollectChanges()
    {
        foreach (var entry in Document.GetRevisionEntries(Revision))
        {
            var number = entry.Number;
            var oldReadable = Old.TryGet(number, out var before);
            if (entry.Kind == PdfXrefEntryKind.Free)
            {
                if (before is not null || !oldReadable)
                    Report(ModificationCodes.ObjectDeleted, $"object {number} ({Describe(before)}) was freed", number, ModificationLevel.Other);
                continue;
            }
            if (!New.TryGet(number, out var after))
            {
                Report(ModificationCodes.ObjectUnreadable, $"object {number} cannot be read", number, ModificationLevel.Other);
                continue;
            }
            if (after is null) continue; // listed but resolving to nothing (e.g. a reserved entry type): no object
            if (!oldReadable)
            {
                Report(ModificationCodes.ObjectChanged, $"object {number} was rewritten but its signed version cannot be read", number, ModificationLevel.Other);
                continue;
            }
            if (before is null)
            {
                Changes[number] = new Change(number, ChangeKind.Added, null, after);
                continue;
            }
            if (Equality.Equal(before, after)) continue;
            var replaced = IsReplacement(before, after);
            Changes[number] = new Change(number, replaced ? ChangeKind.Replaced : ChangeKind.Changed, before, after);
            if (replaced)
                Report(ModificationCodes.ObjectReplaced, $"object {number} was {Describe(before)} and is now {Describe(after)}", number, ModificationLevel.Other);
        }
    }

    private static bool IsReplacement(PdfObject before, PdfObject after)
    {
        if (Category(before) != Category(after)) return true;
        var a = RevisionView.DictionaryOf(before);
        var b = RevisionView.DictionaryOf(after);
        if (a is null || b is null) return false;
        return Differs(a.Get("Type"), b.Get("Type")) || Differs(a.Get("Subtype"), b.Get("Subtype"));

        static bool Differs(PdfObject? x, PdfObject? y) => x is PdfName nx && y is PdfName ny && !nx.Equals(ny);
    }

    private static string Category(PdfObject obj) => obj switch
    {
        PdfStream => "stream",
        PdfDictionary => "dictionary",
        PdfArray => "array",
        _ => "scalar",
    };

    /// <summary>"a dictionary /Type /Page", "a stream /Subtype /Image", "an array"…</summary>
    public static string Describe(PdfObject? obj)
    {
        if (obj is null) return "nothing";
        var dictionary = RevisionView.DictionaryOf(obj);
        var text = Category(obj) switch { "array" => "an array", var c => "a " + c };
        if (dictionary?.Get("Type") is PdfName type) text += " /Type /" + type.Value;
        if (dictionary?.Get("Subtype") is PdfName subtype) text += " /Subtype /" + subtype.Value;
        if (dictionary?.Get("FT") is PdfName fieldType) text += " /FT /" + fieldType.Value;
        return text;
    }

    /// <summary>Marks a changed or added object as explained. Replaced objects stay reported as such.</summary>
    public void Claim(int number, Finding? finding)
    {
        if (!Changes.TryGetValue(number, out var change) || change.Kind == ChangeKind.Replaced) return;
        _claims.TryAdd(number, finding);
    }

    /// <summary>
    /// Claims an object that existed before, found at <paramref name="prefix"/> under anchor <paramref name="anchor"/>
    /// (0 = trailer): every use of it in the previous revision must be under that anchor and path, or the claim fails.
    /// </summary>
    public void ClaimExisting(int number, Finding? finding, int anchor, string prefix)
    {
        if (!Changes.TryGetValue(number, out var change) || change.Kind != ChangeKind.Changed) return;
        if (_claims.TryAdd(number, finding)) _anchorChecks.Add((number, anchor, prefix, finding));
    }

    /// <summary>Claims the objects first defined by this revision that <paramref name="root"/> reaches through other new objects.</summary>
    public void ClaimNewDependencies(PdfObject? root, Finding? finding)
    {
        if (root is null) return;
        var pending = new Stack<PdfObject>();
        pending.Push(root);
        var steps = 0;
        while (pending.Count > 0 && steps++ < 1_000_000)
        {
            foreach (var reference in References(pending.Pop()))
            {
                if (!IsAdded(reference) || IsClaimed(reference)) continue;
                Claim(reference, finding);
                pending.Push(Changes[reference].New);
            }
        }
    }

    /// <summary>The object numbers a direct object refers to, skipping back-pointers (/P, /Parent) and stopping at nested depth 256.</summary>
    public static List<int> References(PdfObject obj)
    {
        var found = new List<int>();
        Collect(obj, found, 0);
        return found;

        static void Collect(PdfObject obj, List<int> found, int depth)
        {
            if (depth > 256) return;
            switch (obj)
            {
                case PdfReference reference:
                    found.Add(reference.Number);
                    break;
                case PdfArray array:
                    foreach (var item in array) Collect(item, found, depth + 1);
                    break;
                case PdfDictionary dictionary:
                    foreach (var (key, value) in dictionary)
                        if (key.Value is not ("P" or "Parent")) Collect(value, found, depth + 1);
                    break;
                case PdfStream stream:
                    Collect(stream.Dictionary, found, depth);
                    break;
            }
        }
    }

    /// <summary>The keys whose values differ between two dictionaries (null values count as absent), except <paramref name="ignored"/>.</summary>
    public List<string> DifferentKeys(PdfDictionary? a, PdfDictionary? b, params string[] ignored)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dictionary in new[] { a, b })
        {
            if (dictionary is null) continue;
            foreach (var key in dictionary.Keys)
            {
                if (!seen.Add(key.Value) || ignored.Contains(key.Value)) continue;
                if (!Equality.Equal(a?[key], b?[key])) keys.Add(key.Value);
            }
        }
        return keys;
    }

    /// <summary>Checks the anchors of the claimed objects that existed before; a use elsewhere turns the claim into a disallowed change.</summary>
    public void CheckAnchors()
    {
        foreach (var (number, anchor, prefix, finding) in _anchorChecks)
        {
            var foreign = OldGraph.AnchorsOf(number).Where(a => a.Number != anchor || !a.PathStartsWith(prefix)).ToList();
            if (foreign.Count == 0) continue;
            var (code, where) = Classifier.Describe(this, foreign);
            Report(code, $"object {number}, changed as part of {(finding is null ? "an allowed change" : finding.Code)}, is also used at {where}", number, ModificationLevel.Other);
        }
    }

    /// <summary>Where a reference points from, for messages: "page 3 (object 12) /Resources/Font/F1".</summary>
    public string Where(Anchor anchor) => anchor.Kind switch
    {
        AnchorKind.Trailer => "the trailer " + anchor.Path,
        AnchorKind.Catalog => "the catalog " + anchor.Path,
        AnchorKind.Page => $"page {PageNumber(anchor.Number)} (object {anchor.Number}) {anchor.Path}",
        AnchorKind.PageTreeNode => $"page tree node {anchor.Number} {anchor.Path}",
        AnchorKind.Annotation or AnchorKind.Widget => $"annotation {anchor.Number} {anchor.Path}",
        _ => "an unexplored place " + anchor.Path,
    };

    private List<PdfReference>? _oldPages;

    public List<PdfReference> OldPages => _oldPages ??= [.. Old.Pages(Document.Size + 1)];

    public string PageNumber(int objectNumber)
    {
        var index = OldPages.FindIndex(p => p.Number == objectNumber);
        return index < 0 ? "?" : (index + 1).ToString(CultureInfo.InvariantCulture);
    }
}
