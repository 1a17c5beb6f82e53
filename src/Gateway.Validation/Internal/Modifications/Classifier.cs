using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// What no rule explained: changed objects are named after where the signed revision used them (page content,
/// resources, an annotation's appearance…); new objects after what refers to them; a new object that an unchanged
/// object already referred to when signed is a dangling reference resolved. New objects nothing refers to are unused.
/// </summary>
internal static class Classifier
{
    /// <summary>Keys some producers write into the page tree root to mark their version (iText's /ITXT); no reader uses them.</summary>
    private static readonly string[] ProducerMarkers = ["ITXT"];

    public static void Run(Comparison c)
    {
        foreach (var change in c.Changes.Values.Where(ch => ch.Kind == ChangeKind.Changed && !c.IsClaimed(ch.Number)).OrderBy(ch => ch.Number).ToList())
        {
            if (c.IsClaimed(change.Number)) continue;
            Changed(c, change);
        }
        if (c.Changes.Values.Any(ch => ch.Kind == ChangeKind.Added)) Dangling(c);
        Added(c);
        c.CheckAnchors();
        if (c.Changes.Count > 0 && !c.OldGraph.Complete)
            c.Report(ModificationCodes.ObjectUnreadable, "the signed revision is too large to be analysed completely", null, ModificationLevel.Other);
    }

    private static void Changed(Comparison c, Change change)
    {
        var number = change.Number;
        var before = RevisionView.DictionaryOf(change.Old);
        var after = RevisionView.DictionaryOf(change.New);
        var type = (after?.Get("Type") as PdfName)?.Value;
        Finding finding;
        if (type == "Page")
        {
            finding = c.Report(ModificationCodes.PageChanged, $"page object {number}, which is not in the page tree, changed", number, ModificationLevel.Other);
        }
        else if (type == "Pages" && c.DifferentKeys(before, after).All(ProducerMarkers.Contains))
        {
            finding = c.Report(ModificationCodes.MetadataUpdated, $"producer marker {Keys(c, before, after)} written in page tree node {number}", number, ModificationLevel.LongTermValidation);
        }
        else if (type == "Pages")
        {
            finding = c.Report(ModificationCodes.PageTreeChanged, $"page tree node {number} changed ({Keys(c, before, after)})", number, ModificationLevel.Other);
        }
        else if (before is not null && after is not null && Annotations.IsAnnotation(before) && Annotations.IsAnnotation(after))
        {
            var page = c.OldGraph.AnchorsOf(number).FirstOrDefault(a => a.Kind == AnchorKind.Page && a.PathStartsWith("/Annots"));
            var subtype = Annotations.SubtypeOf(after);
            finding = page.Kind == AnchorKind.Page
                ? c.Report(ModificationCodes.AnnotationChanged, $"{subtype} annotation {number} on page {c.PageNumber(page.Number)} changed ({Keys(c, before, after)})", number, ModificationLevel.Annotations)
                : c.Report(ModificationCodes.AnnotationChanged, $"{subtype} annotation {number}, which is on no page, changed", number, ModificationLevel.Other);
        }
        else if (type == "ObjStm")
        {
            finding = c.Report(ModificationCodes.ObjectChanged, $"object stream {number} was rewritten: the objects stored in it change without being listed", number, ModificationLevel.Other);
        }
        else
        {
            var anchors = c.OldGraph.AnchorsOf(number);
            finding = anchors.Count == 0
                ? c.Report(ModificationCodes.ObjectChanged, $"object {number} ({Comparison.Describe(change.New)}) changed; nothing used it when signed", number, ModificationLevel.Other)
                : ByAnchors(c, number, change, anchors);
        }
        c.Claim(number, finding);
        c.ClaimNewDependencies(change.New, finding);
    }

    private static string Keys(Comparison c, PdfDictionary? before, PdfDictionary? after)
    {
        var keys = c.DifferentKeys(before, after);
        return keys.Count == 0 ? "stream data" : string.Join(", ", keys.Take(8).Select(k => "/" + k));
    }

    /// <summary>An object changed in place: allowed only when every use of it is of one allowed kind.</summary>
    private static Finding ByAnchors(Comparison c, int number, Change change, IReadOnlyList<Anchor> anchors)
    {
        var what = Comparison.Describe(change.New);
        if (anchors.All(a => a.Kind == AnchorKind.Widget && a.PathStartsWith("/AP") && c.OldWidgetOwners.ContainsKey(a.Number)))
        {
            // A field's appearance rewritten in place: part of filling the field, or a field showing what it does not hold.
            var fields = anchors.Select(a => c.OldWidgetOwners[a.Number]).DistinctBy(f => f.Key).ToList();
            if (fields.All(f => c.FilledFields.ContainsKey(f.Name))) return c.FilledFields[fields[0].Name];
            var field = fields.First(f => !c.FilledFields.ContainsKey(f.Name));
            var finding = c.Report(ModificationCodes.FormFilled, $"the appearance of form field '{field.Name}' changed while its value did not (object {number} rewritten)",
                number, ModificationLevel.FormFilling, field.Name, lockSensitive: true);
            finding.Forbidden = "an appearance that no longer shows the field's value";
            return finding;
        }
        if (anchors.All(a => a.Kind is AnchorKind.Annotation or AnchorKind.Widget && a.PathStartsWith("/AP")))
            return c.Report(ModificationCodes.AnnotationChanged, $"the appearance of annotation {string.Join(", ", anchors.Select(a => a.Number).Distinct())} changed (object {number}, {what})", number, ModificationLevel.Annotations);
        if (anchors.All(a => a.Kind == AnchorKind.Catalog && a.PathStartsWith("/DSS")))
            return c.Report(ModificationCodes.DssUpdated, $"DSS object {number} rewritten", number, ModificationLevel.LongTermValidation);
        if (anchors.All(a => (a.Kind == AnchorKind.Catalog && a.PathStartsWith("/Metadata")) || (a.Kind == AnchorKind.Trailer && a.PathStartsWith("/Info"))))
            return c.Report(ModificationCodes.MetadataUpdated, $"document metadata object {number} rewritten", number, ModificationLevel.LongTermValidation);
        if (anchors.All(a => a.Kind == AnchorKind.Catalog && a.PathStartsWith("/Names/AP")))
            return c.Report(ModificationCodes.AnnotationChanged, $"named annotation appearance object {number} rewritten", number, ModificationLevel.Annotations);
        if (anchors.All(a => a.Kind == AnchorKind.Catalog && a.PathStartsWith("/AcroForm/DR")))
            return c.Report(ModificationCodes.FormFilled, $"form default resource {number} ({what}) rewritten", number, ModificationLevel.FormFilling);
        var (code, where) = Describe(c, anchors);
        return c.Report(code, $"object {number} ({what}) changed; it is used at {where}", number, ModificationLevel.Other);
    }

    /// <summary>The most telling code for a set of uses, and a short description of them.</summary>
    public static (string Code, string Where) Describe(Comparison c, IReadOnlyList<Anchor> anchors)
    {
        var best = (Rank: int.MaxValue, Code: ModificationCodes.ObjectChanged);
        foreach (var anchor in anchors)
        {
            var candidate = anchor switch
            {
                { Kind: AnchorKind.Page } when anchor.PathStartsWith("/Contents") => (0, ModificationCodes.PageContentChanged),
                { Kind: AnchorKind.Page or AnchorKind.PageTreeNode } when anchor.PathStartsWith("/Resources") => (1, ModificationCodes.PageResourcesChanged),
                { Kind: AnchorKind.Page } when anchor.PathStartsWith("/Annots") => (3, ModificationCodes.AnnotationChanged),
                { Kind: AnchorKind.Page } => (2, ModificationCodes.PageChanged),
                { Kind: AnchorKind.PageTreeNode } => (2, ModificationCodes.PageTreeChanged),
                { Kind: AnchorKind.Catalog } when anchor.PathStartsWith("/OCProperties") => (4, ModificationCodes.OptionalContentChanged),
                { Kind: AnchorKind.Catalog } when anchor.PathStartsWith("/Pages") => (2, ModificationCodes.PageTreeChanged),
                { Kind: AnchorKind.Catalog } when anchor.PathStartsWith("/AcroForm") => (5, ModificationCodes.FormFieldChanged),
                { Kind: AnchorKind.Catalog } when anchor.PathStartsWith("/DSS") => (8, ModificationCodes.DssUpdated),
                { Kind: AnchorKind.Catalog } => (6, ModificationCodes.CatalogChanged),
                { Kind: AnchorKind.Widget } when anchor.PathStartsWith("/V") => (5, ModificationCodes.SignatureChanged),
                { Kind: AnchorKind.Widget } => (5, ModificationCodes.FormFieldChanged),
                { Kind: AnchorKind.Annotation } => (7, ModificationCodes.AnnotationChanged),
                _ => (9, ModificationCodes.ObjectChanged),
            };
            if (candidate.Item1 < best.Rank) best = candidate;
        }
        var described = anchors.Take(3).Select(c.Where).ToList();
        if (anchors.Count > 3) described.Add($"and {anchors.Count - 3} more");
        return (best.Code, string.Join("; ", described));
    }

    /// <summary>
    /// A reference the signed revision held to a number it did not define now resolves, because this revision defined
    /// that number: content switched on after signing.
    /// </summary>
    private static void Dangling(Comparison c)
    {
        foreach (var change in c.Changes.Values.Where(ch => ch.Kind == ChangeKind.Added).OrderBy(ch => ch.Number))
        {
            foreach (var usage in c.OldGraph.ReferrersOf(change.Number))
            {
                if (usage.Source == 0) continue; // the trailer: /Info or /Root, looked at by their own rules
                var stillThere = !c.Changes.TryGetValue(usage.Source, out var source)
                                 || Comparison.References(source.New).Concat(BackPointers(source.New)).Contains(change.Number);
                if (!stillThere) continue;
                var finding = c.Report(ModificationCodes.DanglingReferenceResolved,
                    $"object {usage.Source} {usage.Path} referred to object {change.Number}, which did not exist when signed; this revision defines it ({Comparison.Describe(change.New)})",
                    change.Number, ModificationLevel.Other);
                c.Claim(change.Number, finding);
                c.ClaimNewDependencies(change.New, finding);
                break;
            }
        }
    }

    private static void Added(Comparison c)
    {
        var candidates = c.Changes.Values.Where(ch => ch.Kind == ChangeKind.Added && !c.IsClaimed(ch.Number)).Select(ch => ch.Number).ToHashSet();
        if (candidates.Count == 0) return;
        // A new object referred to by something outside the candidates is attached; the rest only refer to each other.
        foreach (var change in c.Changes.Values.OrderBy(ch => ch.Number))
        {
            if (candidates.Contains(change.Number)) continue;
            foreach (var target in Comparison.References(change.New).Concat(BackPointers(change.New)))
            {
                if (!candidates.Contains(target) || c.IsClaimed(target)) continue;
                var finding = c.Report(ModificationCodes.ObjectAdded,
                    $"object {target} ({Comparison.Describe(c.Changes[target].New)}) was added and is referred to by object {change.Number}, for no allowed reason", target, ModificationLevel.Other);
                c.Claim(target, finding);
                c.ClaimNewDependencies(c.Changes[target].New, finding);
            }
        }
        var unused = candidates.Where(n => !c.IsClaimed(n)).Order().ToList();
        if (unused.Count == 0) return;
        var list = string.Join(", ", unused.Take(10)) + (unused.Count > 10 ? ", …" : "");
        var orphans = c.Report(ModificationCodes.UnusedObjectsAdded, $"{unused.Count} new object(s) nothing refers to ({list})", unused[0], ModificationLevel.LongTermValidation);
        foreach (var number in unused) c.Claim(number, orphans);
    }

    /// <summary>/P and /Parent references, which <see cref="Comparison.References"/> leaves out.</summary>
    private static IEnumerable<int> BackPointers(PdfObject obj)
    {
        var dictionary = RevisionView.DictionaryOf(obj);
        if (dictionary is null) yield break;
        if (dictionary.Get("P") is PdfReference p) yield return p.Number;
        if (dictionary.Get("Parent") is PdfReference parent) yield return parent.Number;
    }
}
