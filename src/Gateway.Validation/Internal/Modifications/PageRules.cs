using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// The page tree and each page's /Annots: pages may not be added, removed or reordered, and a page may change only in
/// its /Annots, where new signature widgets are allowed (with their signature), other new annotations are
/// annotation-level changes, and removed annotations too. Objects that existed when signed but were not on the page
/// may not be put there (an overlay prepared before signing).
/// </summary>
internal static class PageRules
{
    public static void Run(Comparison c)
    {
        var oldPages = c.OldPages;
        var newPages = c.New.Pages(c.Document.Size + 1);
        var oldNumbers = oldPages.Select(p => p.Number).ToList();
        var newNumbers = newPages.Select(p => p.Number).ToList();
        if (!oldNumbers.SequenceEqual(newNumbers))
        {
            var oldSet = oldNumbers.ToHashSet();
            var newSet = newNumbers.ToHashSet();
            Finding? tree = null;
            for (var i = 0; i < newNumbers.Count; i++)
            {
                if (oldSet.Contains(newNumbers[i])) continue;
                var page = newNumbers[i];
                tree = c.Report(ModificationCodes.PageAdded, $"page {i + 1} (object {page}) was added", page, ModificationLevel.Other);
                c.Claim(page, tree);
                c.ClaimNewDependencies(c.New.Get(page), tree);
            }
            for (var i = 0; i < oldNumbers.Count; i++)
            {
                if (newSet.Contains(oldNumbers[i])) continue;
                tree = c.Report(ModificationCodes.PageRemoved, $"page {i + 1} (object {oldNumbers[i]}) was removed", oldNumbers[i], ModificationLevel.Other);
            }
            tree ??= c.Report(ModificationCodes.PageTreeChanged, "the pages were reordered", c.New.Catalog?.Get("Pages") is PdfReference root ? root.Number : null, ModificationLevel.Other);
            // The page tree nodes rewritten for this are part of the same change.
            foreach (var change in c.Changes.Values)
                if ((RevisionView.DictionaryOf(change.New)?.Get("Type") as PdfName)?.Value == "Pages") c.Claim(change.Number, tree);
        }
        var index = 0;
        foreach (var number in newNumbers)
        {
            index++;
            if (oldNumbers.Contains(number)) Page(c, number, index);
        }
    }

    private static void Page(Comparison c, int number, int index)
    {
        if (c.Old.Get(number) is not PdfDictionary before || c.New.Get(number) is not PdfDictionary after) return;
        if (c.IsChanged(number))
        {
            Finding? first = null;
            foreach (var key in c.DifferentKeys(before, after, "Annots"))
            {
                var code = key switch
                {
                    "Contents" => ModificationCodes.PageContentChanged,
                    "Resources" => ModificationCodes.PageResourcesChanged,
                    _ => ModificationCodes.PageChanged,
                };
                var finding = c.Report(code, $"page {index} (object {number}) /{key} {(before.Get(key) is null ? "added" : after.Get(key) is null ? "removed" : "changed")}", number, ModificationLevel.Other);
                c.ClaimNewDependencies(after.Get(key), finding);
                first ??= finding;
            }
            // Compared key by key, the page needs no anchor check; /Annots is looked at below.
            c.Claim(number, first);
        }
        Annots(c, number, index, before, after);
    }

    private static void Annots(Comparison c, int page, int index, PdfDictionary before, PdfDictionary after)
    {
        var oldRaw = before.Get("Annots");
        var newRaw = after.Get("Annots");
        var arrayNumber = (newRaw as PdfReference)?.Number;
        var touched = arrayNumber is { } a && c.Changes.ContainsKey(a);
        if (!touched && c.Equality.Equal(oldRaw, newRaw)) return;
        if (arrayNumber is { } array)
        {
            if (c.IsAdded(array)) c.Claim(array, null);
            else c.ClaimExisting(array, null, page, "/Annots");
        }
        var oldItems = c.Old.Resolve<PdfArray>(oldRaw) ?? [];
        var newItems = c.New.Resolve<PdfArray>(newRaw) ?? [];
        var oldRefs = oldItems.OfType<PdfReference>().Select(r => r.Number).ToHashSet();
        var newRefs = newItems.OfType<PdfReference>().Select(r => r.Number).ToHashSet();
        var changes = 0;
        foreach (var item in newItems)
        {
            switch (item)
            {
                case PdfReference reference when !oldRefs.Contains(reference.Number):
                    changes++;
                    Added(c, reference.Number, index);
                    break;
                case PdfDictionary direct when !oldItems.Any(o => c.Equality.Equal(o, direct)):
                    changes++;
                    var level = Annotations.IsAnnotation(direct) ? ModificationLevel.Annotations : ModificationLevel.Other;
                    var finding = c.Report(ModificationCodes.AnnotationAdded, $"{Annotations.SubtypeOf(direct)} annotation (direct object) added to page {index}", page, level);
                    c.ClaimNewDependencies(direct, finding);
                    break;
                case PdfReference or PdfDictionary:
                    break;
                default:
                    changes++;
                    c.Report(ModificationCodes.AnnotationAdded, $"page {index} /Annots holds something that is not an annotation", page, ModificationLevel.Other);
                    break;
            }
        }
        foreach (var item in oldItems)
        {
            switch (item)
            {
                case PdfReference reference when !newRefs.Contains(reference.Number):
                    changes++;
                    Removed(c, reference.Number, index);
                    break;
                case PdfDictionary direct when !newItems.Any(n => c.Equality.Equal(n, direct)):
                    changes++;
                    c.Report(ModificationCodes.AnnotationRemoved, $"{Annotations.SubtypeOf(direct)} annotation (direct object) removed from page {index}", page, ModificationLevel.Annotations);
                    break;
            }
        }
        if (changes == 0 && !c.Equality.Equal(oldItems, newItems))
            c.Report(ModificationCodes.AnnotationChanged, $"the order of the annotations on page {index} changed", page, ModificationLevel.Annotations);
    }

    private static void Added(Comparison c, int number, int index)
    {
        if (c.NewSignatureWidgets.Contains(number)) return;
        if (c.New.Get(number) is not PdfDictionary annotation || !Annotations.IsAnnotation(annotation))
        {
            var junk = c.Report(ModificationCodes.AnnotationAdded, $"object {number} ({Comparison.Describe(c.New.Get(number))}) put on page {index} is not an annotation", number, ModificationLevel.Other);
            c.Claim(number, junk);
            return;
        }
        var subtype = Annotations.SubtypeOf(annotation);
        if (!c.IsAdded(number) && c.NewWidgetOwners.TryGetValue(number, out var owner) && c.FilledFields.TryGetValue(owner.Name, out var signing)
            && c.OldWidgetOwners.TryGetValue(number, out var previous) && previous.Key == owner.Key)
        {
            // An existing field's widget that was on no page, put on its page as the field is signed or filled.
            c.Claim(number, signing);
            return;
        }
        if (!c.IsAdded(number))
        {
            var shadow = c.Report(ModificationCodes.AnnotationAdded,
                $"{subtype} annotation {number}, which existed when signed but was not on page {index}, was put on it", number, ModificationLevel.Other);
            c.Claim(number, shadow);
            c.ClaimNewDependencies(annotation, shadow);
            return;
        }
        if (Annotations.IsWidget(annotation) && c.NewWidgetOwners.ContainsKey(number)) return; // reported by the form rule
        var finding = c.Report(ModificationCodes.AnnotationAdded, $"{subtype} annotation {number} added to page {index}", number, ModificationLevel.Annotations);
        c.Claim(number, finding);
        c.ClaimNewDependencies(annotation, finding);
    }

    private static void Removed(Comparison c, int number, int index)
    {
        var annotation = c.Old.Get(number) as PdfDictionary;
        if (annotation is not null && Annotations.IsWidget(annotation) && c.OldWidgetOwners.TryGetValue(number, out var field))
        {
            var signed = field.IsSignature && field.Dictionary.Get("V") is not null;
            c.Report(signed ? ModificationCodes.SignatureChanged : ModificationCodes.FormFieldRemoved,
                $"widget {number} of {(signed ? "signature" : "form")} field '{field.Name}' was removed from page {index}", number, ModificationLevel.Other, field.Name);
            return;
        }
        c.Report(ModificationCodes.AnnotationRemoved, $"{Annotations.SubtypeOf(annotation)} annotation {number} removed from page {index}", number, ModificationLevel.Annotations);
    }
}
