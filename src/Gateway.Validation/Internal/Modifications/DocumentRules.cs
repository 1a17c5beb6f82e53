using System.Xml;
using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>The trailer, the catalog and what hangs directly from them: /Info, XMP /Metadata, /Names /AP, object and xref streams.</summary>
internal static class DocumentRules
{
    private const long MaxMetadataBytes = 8L * 1024 * 1024;

    /// <summary>Catalog keys handled by their own rules, or allowed outright.</summary>
    private static readonly string[] DelegatedKeys = ["AcroForm", "DSS", "Metadata", "Names"];

    public static void Run(Comparison c)
    {
        Trailer(c);
        Catalog(c);
        Info(c);
        Metadata(c);
        NamedAppearances(c);
        Structure(c);
    }

    private static void Trailer(Comparison c)
    {
        if (!c.Equality.Equal(c.Old.Trailer.Get("Encrypt"), c.New.Trailer.Get("Encrypt")))
            c.Report(ModificationCodes.TrailerChanged, "the trailer's /Encrypt changed", null, ModificationLevel.Other);
    }

    private static void Catalog(Comparison c)
    {
        var rootNumber = c.New.RootReference?.Number;
        var catalog = c.New.Catalog;
        if (catalog is null)
        {
            c.Report(ModificationCodes.CatalogChanged, "the catalog cannot be found or read", rootNumber, ModificationLevel.Other);
            return;
        }
        var before = c.Old.Catalog ?? [];
        foreach (var key in c.DifferentKeys(before, catalog, DelegatedKeys))
        {
            switch (key)
            {
                case "Version" or "Extensions":
                    var version = c.Report(ModificationCodes.VersionUpdated, $"catalog /{key} updated", rootNumber, ModificationLevel.LongTermValidation);
                    c.ClaimNewDependencies(catalog.Get(key), version);
                    break;
                case "MarkInfo":
                    var mark = c.Report(ModificationCodes.MetadataUpdated, "catalog /MarkInfo (tagged PDF information) updated", rootNumber, ModificationLevel.LongTermValidation);
                    c.ClaimNewDependencies(catalog.Get(key), mark);
                    break;
                case "OCProperties":
                    var layers = c.Report(ModificationCodes.OptionalContentChanged, "catalog /OCProperties changed: what optional content is shown may differ", rootNumber, ModificationLevel.Other);
                    c.ClaimNewDependencies(catalog.Get(key), layers);
                    break;
                case "Pages":
                    c.Report(ModificationCodes.PageTreeChanged, "catalog /Pages points to another page tree", rootNumber, ModificationLevel.Other);
                    break;
                case "Perms":
                    var perms = c.Report(ModificationCodes.CatalogChanged, "catalog /Perms (certification, usage rights) changed after signing", rootNumber, ModificationLevel.Other);
                    c.ClaimNewDependencies(catalog.Get(key), perms);
                    break;
                case "Type":
                    c.Report(ModificationCodes.CatalogChanged, "catalog /Type changed", rootNumber, ModificationLevel.Other);
                    break;
                default:
                    var other = c.Report(ModificationCodes.CatalogChanged, $"catalog /{key} {(before.Get(key) is null ? "added" : catalog.Get(key) is null ? "removed" : "changed")}", rootNumber, ModificationLevel.Other);
                    c.ClaimNewDependencies(catalog.Get(key), other);
                    break;
            }
        }
        // The catalog's own entries are all accounted for above or by the rules for /AcroForm, /DSS, /Metadata, /Names.
        // Compared key by key, the catalog needs no anchor check (pyHanko's blanket approval of /Root).
        if (rootNumber is { } root) c.Claim(root, null);
    }

    /// <summary>The document information dictionary may be updated (pyHanko's DocInfoRule): it is metadata, not content.</summary>
    private static void Info(Comparison c)
    {
        if (c.New.Trailer.Get("Info") is not PdfReference info || !c.Changes.TryGetValue(info.Number, out var change)) return;
        if (change.New is not PdfDictionary dictionary || change.Kind == ChangeKind.Replaced) return;
        var finding = c.Report(ModificationCodes.MetadataUpdated, "document information dictionary (/Info) updated", info.Number, ModificationLevel.LongTermValidation);
        if (change.Kind == ChangeKind.Added) c.Claim(info.Number, finding);
        else c.ClaimExisting(info.Number, finding, 0, "/Info");
        c.ClaimNewDependencies(dictionary, finding);
    }

    /// <summary>The XMP metadata stream may be replaced or updated when it stays well-formed XML (pyHanko's MetadataUpdateRule).</summary>
    private static void Metadata(Comparison c)
    {
        var oldValue = c.Old.Catalog?.Get("Metadata");
        var newValue = c.New.Catalog?.Get("Metadata");
        var changedInPlace = newValue is PdfReference r && c.Changes.ContainsKey(r.Number);
        if (c.Equality.Equal(oldValue, newValue) && !changedInPlace) return;
        var number = (newValue as PdfReference)?.Number;
        if (newValue is null)
        {
            c.Report(ModificationCodes.MetadataUpdated, "XMP metadata (/Metadata) removed from the catalog", c.New.RootReference?.Number, ModificationLevel.LongTermValidation);
            return;
        }
        if (newValue is not PdfReference reference || c.New.Get(reference.Number) is not PdfStream stream)
        {
            c.Report(ModificationCodes.CatalogChanged, "catalog /Metadata is not a reference to a stream", number, ModificationLevel.Other);
            return;
        }
        if (!IsWellFormedXml(c.Document, stream))
        {
            var bad = c.Report(ModificationCodes.CatalogChanged, $"catalog /Metadata (object {reference.Number}) is not well-formed XML", reference.Number, ModificationLevel.Other);
            c.Claim(reference.Number, bad);
            return;
        }
        var finding = c.Report(ModificationCodes.MetadataUpdated, "XMP metadata (/Metadata) updated", reference.Number, ModificationLevel.LongTermValidation);
        if (c.IsAdded(reference.Number)) c.Claim(reference.Number, finding);
        else c.ClaimExisting(reference.Number, finding, c.OldGraph.CatalogNumber, "/Metadata");
        c.ClaimNewDependencies(stream, finding);
    }

    private static bool IsWellFormedXml(PdfDocument document, PdfStream stream)
    {
        try
        {
            var data = document.DecodeStream(stream, MaxMetadataBytes);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = MaxMetadataBytes };
            using var reader = XmlReader.Create(new MemoryStream(data), settings);
            while (reader.Read()) { }
            return true;
        }
        catch (Exception e) when (e is PdfFormatException or XmlException)
        {
            return false;
        }
    }

    /// <summary>
    /// The catalog's /Names may gain or change only its /AP name tree (named annotation appearances, which Acrobat writes
    /// for stamps and comments): an annotation-level change. Any other name tree changing is a catalog change.
    /// </summary>
    private static void NamedAppearances(Comparison c)
    {
        var oldValue = c.Old.Catalog?.Get("Names");
        var newValue = c.New.Catalog?.Get("Names");
        var number = (newValue as PdfReference)?.Number;
        var changedInPlace = number is { } n && c.Changes.ContainsKey(n);
        if (c.Equality.Equal(oldValue, newValue) && !changedInPlace) return;
        var root = c.New.RootReference?.Number;
        var before = c.Old.Resolve<PdfDictionary>(oldValue);
        var after = c.New.Resolve<PdfDictionary>(newValue);
        var differing = c.DifferentKeys(before, after);
        if (after is null || differing.Any(k => k != "AP") || (oldValue is not null && !SameReferenceOrDirect(oldValue, newValue, c)))
        {
            var finding = c.Report(ModificationCodes.CatalogChanged, $"catalog /Names changed ({(differing.Count == 0 ? "replaced" : string.Join(", ", differing.Select(k => "/" + k)))})", number ?? root, ModificationLevel.Other);
            if (number is { } changed) c.Claim(changed, finding);
            c.ClaimNewDependencies(newValue, finding);
            return;
        }
        var named = differing.Count == 0 ? null
            : c.Report(ModificationCodes.AnnotationChanged, "named annotation appearances (/Names /AP) updated", number ?? root, ModificationLevel.Annotations);
        if (number is { } names)
        {
            if (c.IsAdded(names)) c.Claim(names, named);
            else c.ClaimExisting(names, named, c.OldGraph.CatalogNumber, "/Names");
        }
        c.ClaimNewDependencies(after, named);
    }

    /// <summary>/Names written directly, or through the same object as before (a new object is fine when there was none).</summary>
    private static bool SameReferenceOrDirect(PdfObject oldValue, PdfObject? newValue, Comparison c) =>
        oldValue is not PdfReference oldReference || newValue is not PdfReference newReference || oldReference.Number == newReference.Number || c.IsAdded(newReference.Number);

    /// <summary>New object streams and cross-reference streams are containers, not content (pyHanko's ObjectStreamRule, XrefStreamRule).</summary>
    private static void Structure(Comparison c)
    {
        foreach (var change in c.Changes.Values)
        {
            if (change.New is not PdfStream stream) continue;
            var type = (stream.Dictionary.Get("Type") as PdfName)?.Value;
            if (type is not ("ObjStm" or "XRef")) continue;
            if (change.Kind == ChangeKind.Added) c.Claim(change.Number, null);
            else if (change.Kind == ChangeKind.Changed && type == "XRef" && (change.Old as PdfStream)?.Dictionary.Get("Type") is PdfName { Value: "XRef" } && !c.OldGraph.IsReachable(change.Number))
                c.Claim(change.Number, null);
        }
    }
}
