using System.Runtime.CompilerServices;
using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// Who refers to what in one revision: every object reachable from the trailer, with each reference it holds (the
/// source object and the path inside it, e.g. "/Resources/Font/F1"). References to numbers the revision does not
/// define are kept too (dangling references). Source 0 stands for the trailer.
/// </summary>
internal sealed class ReferenceGraph
{
    private const int MaxDepth = 512;
    private const int MaxAnchorSteps = 20_000;
    private const int MaxTotalAnchorSteps = 2_000_000;
    private const int MaxAnchors = 2_000;

    /// <summary>
    /// The references each parsed object holds, computed once per object instance: PdfDocument hands out the same
    /// instance for an object in every revision that did not rewrite it, so a revision's walk costs little more than
    /// visiting the numbers.
    /// </summary>
    private static readonly ConditionalWeakTable<PdfObject, Edge[]> EdgeCache = new();

    private readonly RevisionView _view;
    private readonly Dictionary<int, Edge[]> _edges = [];
    private readonly HashSet<int> _reachable = [];
    private Dictionary<int, List<Usage>>? _referrers;
    private int _anchorSteps;

    public readonly record struct Usage(int Source, string Path);

    private readonly record struct Edge(int Target, string Path);

    private ReferenceGraph(RevisionView view) => _view = view;

    /// <summary>False when the walk stopped at its limits: what is missing may hide usages.</summary>
    public bool Complete { get; private set; } = true;

    public int CatalogNumber => _view.RootReference?.Number ?? -1;

    public static ReferenceGraph Build(RevisionView view, int maxObjects, long budget)
    {
        var graph = new ReferenceGraph(view);
        graph.Walk(maxObjects, budget);
        return graph;
    }

    public bool IsReachable(int number) => _reachable.Contains(number);

    public IReadOnlyList<Usage> ReferrersOf(int number)
    {
        if (_referrers is null)
        {
            _referrers = [];
            foreach (var (source, edges) in _edges)
                foreach (var edge in edges)
                {
                    if (!_referrers.TryGetValue(edge.Target, out var list)) _referrers[edge.Target] = list = [];
                    list.Add(new Usage(source, edge.Path));
                }
        }
        return _referrers.TryGetValue(number, out var found) ? found : [];
    }

    private void Walk(int maxObjects, long budget)
    {
        var pending = new Queue<int>();
        var trailer = EdgesOf(_view.Trailer, trailer: true);
        _edges[0] = trailer;
        foreach (var edge in trailer)
            if (_reachable.Add(edge.Target)) pending.Enqueue(edge.Target);
        while (pending.Count > 0)
        {
            if (_reachable.Count > maxObjects || budget < 0)
            {
                Complete = false;
                return;
            }
            var number = pending.Dequeue();
            if (_view.Get(number) is not { } value) continue;
            var edges = EdgeCache.GetValue(value, v => EdgesOf(v, trailer: false));
            _edges[number] = edges;
            budget -= edges.Length + 1;
            foreach (var edge in edges)
                if (edge.Target > 0 && _reachable.Add(edge.Target)) pending.Enqueue(edge.Target);
        }
    }

    private static Edge[] EdgesOf(PdfObject value, bool trailer)
    {
        var edges = new List<Edge>();
        Visit(value, "", 0, trailer, edges);
        return [.. edges];
    }

    private static void Visit(PdfObject obj, string path, int depth, bool trailer, List<Edge> edges)
    {
        if (depth > MaxDepth) return;
        switch (obj)
        {
            case PdfReference reference:
                if (reference.Number > 0) edges.Add(new Edge(reference.Number, path));
                break;
            case PdfArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is PdfReference or PdfArray or PdfDictionary) Visit(array[i], path + "[" + i + "]", depth + 1, false, edges);
                break;
            case PdfDictionary dictionary:
                foreach (var (key, value) in dictionary)
                {
                    // The trailer's /Prev and /XRefStm are offsets; an xref stream's own entries are not references either.
                    if (trailer && key.Value is "Prev" or "XRefStm" or "Size" or "Index" or "W" or "ID") continue;
                    if (value is PdfReference or PdfArray or PdfDictionary) Visit(value, path + "/" + key.Value, depth + 1, false, edges);
                }
                break;
            case PdfStream stream:
                Visit(stream.Dictionary, path, depth, trailer, edges);
                break;
        }
    }

    /// <summary>
    /// The places from which <paramref name="number"/> is used, found by walking referrers back until an anchor: the
    /// trailer, the catalog, a page or page tree node, an annotation. Each anchor comes with the path from it (e.g.
    /// page 12 "/Resources/XObject/Im0"). An anchor number of -1 means the search gave up (too many steps).
    /// </summary>
    public IReadOnlyList<Anchor> AnchorsOf(int number)
    {
        var anchors = new List<Anchor>();
        var visited = new HashSet<int> { number };
        var pending = new Queue<(int Number, string Suffix)>();
        pending.Enqueue((number, ""));
        var steps = 0;
        while (pending.Count > 0)
        {
            var (current, suffix) = pending.Dequeue();
            foreach (var usage in ReferrersOf(current))
            {
                // Back-pointers (an annotation's /P, a child's /Parent) name a container; they are not uses of it.
                if (usage.Path.EndsWith("/P", StringComparison.Ordinal) || usage.Path.EndsWith("/Parent", StringComparison.Ordinal)) continue;
                if (++steps > MaxAnchorSteps || ++_anchorSteps > MaxTotalAnchorSteps || anchors.Count >= MaxAnchors)
                {
                    anchors.Add(new Anchor(-1, AnchorKind.Unknown, usage.Path + suffix));
                    return anchors;
                }
                var path = usage.Path + suffix;
                var kind = usage.Source == 0 ? AnchorKind.Trailer : KindOf(usage.Source);
                if (kind != AnchorKind.None) anchors.Add(new Anchor(usage.Source, kind, path));
                else if (visited.Add(usage.Source)) pending.Enqueue((usage.Source, path));
            }
        }
        return anchors;
    }

    public AnchorKind KindOf(int number)
    {
        if (number == CatalogNumber) return AnchorKind.Catalog;
        if (_view.Get(number) is not PdfDictionary dictionary) return AnchorKind.None;
        var type = (dictionary.Get("Type") as PdfName)?.Value;
        if (type == "Page") return AnchorKind.Page;
        if (type == "Pages") return AnchorKind.PageTreeNode;
        if (Annotations.IsAnnotation(dictionary)) return Annotations.IsWidget(dictionary) ? AnchorKind.Widget : AnchorKind.Annotation;
        return AnchorKind.None;
    }
}

internal enum AnchorKind
{
    None,
    Trailer,
    Catalog,
    Page,
    PageTreeNode,
    Annotation,
    Widget,
    Unknown,
}

internal readonly record struct Anchor(int Number, AnchorKind Kind, string Path)
{
    public bool PathStartsWith(string prefix) => Path.StartsWith(prefix, StringComparison.Ordinal)
        && (Path.Length == prefix.Length || Path[prefix.Length] is '/' or '[');
}
