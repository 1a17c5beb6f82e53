using Gateway.Pdf;

namespace Gateway.Signing.Internal;

/// <summary>
/// Adds a signature (or document time-stamp) field to an update: the signature dictionary with its
/// placeholders, a widget merged with the field (invisible on the first page, or with a /Rect and a
/// normal appearance on the chosen page for a visible signature), the page's /Annots,
/// the AcroForm's /Fields and /SigFlags, and for a certification the DocMDP reference and /Perms.
/// Only objects that change are rewritten; indirect arrays are rewritten in place of their owners.
/// </summary>
internal static class SignatureFieldWriter
{
    public sealed record Spec
    {
        public required bool DocumentTimeStamp { get; init; }
        public required int Capacity { get; init; }
        public string? FieldName { get; init; }
        public DateTimeOffset? SigningTime { get; init; }
        public string? SignerName { get; init; }
        public string? Reason { get; init; }
        public string? Location { get; init; }
        public string? ContactInfo { get; init; }
        public int? CertifyPermissions { get; init; }
        public VisibleSignature? Appearance { get; init; }
    }

    public sealed record Placeholders(PdfByteRangePlaceholder ByteRange, PdfHexPlaceholder Contents, PdfReference Signature);

    public static Placeholders Add(PdfDocument document, PdfIncrementalUpdate update, Spec spec)
    {
        var rootRef = document.Trailer.Get("Root") as PdfReference
                      ?? throw new PadesException(PadesException.NotAPdf, "the trailer has no /Root reference");
        if (document.Pages.Count == 0) throw new PadesException(PadesException.NotAPdf, "the document has no pages");

        var byteRange = new PdfByteRangePlaceholder();
        var contents = new PdfHexPlaceholder(spec.Capacity);
        var signature = new PdfDictionary();
        signature["Type"] = new PdfName(spec.DocumentTimeStamp ? "DocTimeStamp" : "Sig");
        signature["Filter"] = new PdfName("Adobe.PPKLite");
        signature["SubFilter"] = new PdfName(spec.DocumentTimeStamp ? "ETSI.RFC3161" : "ETSI.CAdES.detached");
        signature["ByteRange"] = byteRange;
        signature["Contents"] = contents;
        if (!spec.DocumentTimeStamp)
        {
            signature["M"] = PdfString.FromText(PdfDate.Format(spec.SigningTime ?? DateTimeOffset.UtcNow));
            if (spec.SignerName is { Length: > 0 } name) signature["Name"] = PdfString.FromText(name);
            if (spec.Reason is { Length: > 0 } reason) signature["Reason"] = PdfString.FromText(reason);
            if (spec.Location is { Length: > 0 } location) signature["Location"] = PdfString.FromText(location);
            if (spec.ContactInfo is { Length: > 0 } contact) signature["ContactInfo"] = PdfString.FromText(contact);
            if (spec.CertifyPermissions is { } p)
            {
                var transform = new PdfDictionary { ["Type"] = new PdfName("TransformParams"), ["P"] = new PdfInteger(p), ["V"] = new PdfName("1.2") };
                var reference = new PdfDictionary { ["Type"] = new PdfName("SigRef"), ["TransformMethod"] = new PdfName("DocMDP"), ["TransformParams"] = transform };
                signature["Reference"] = new PdfArray([reference]);
            }
        }
        var signatureRef = update.Add(signature);

        var pages = document.Pages;
        var visible = spec.Appearance;
        var pageIndex = visible?.PageIndex ?? 0;
        if (pageIndex < 0 || pageIndex >= pages.Count)
            throw new PadesException(PadesException.AppearancePage, $"page {pageIndex + 1} (index {pageIndex}) is outside the document's {pages.Count} page(s)");
        var pageRef = pages[pageIndex];
        var existing = PdfSignatureFields.Find(document);
        var widget = new PdfDictionary
        {
            ["Type"] = new PdfName("Annot"),
            ["Subtype"] = new PdfName("Widget"),
            ["FT"] = new PdfName("Sig"),
            ["T"] = PdfString.FromText(spec.FieldName ?? UniqueName(existing, spec.DocumentTimeStamp)),
            ["V"] = signatureRef,
            ["Rect"] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfInteger(0), new PdfInteger(0)]),
            ["F"] = new PdfInteger(132), // print + locked
            ["P"] = pageRef,
        };
        if (visible is not null)
        {
            var (x, y, width, height) = Placement(document, pageRef, visible);
            widget["Rect"] = new PdfArray([new PdfReal(x), new PdfReal(y), new PdfReal(x + width), new PdfReal(y + height)]);
            var content = new SignatureAppearance.Content(
                visible.SignerName ?? spec.SignerName,
                visible.Time ?? spec.SigningTime ?? DateTimeOffset.UtcNow,
                visible.Reason ?? spec.Reason,
                visible.Location ?? spec.Location,
                visible.VerificationUrl,
                visible.FontPath);
            widget["AP"] = new PdfDictionary { ["N"] = SignatureAppearance.Write(update, width, height, content) };
        }
        var fieldRef = update.Add(widget);

        AppendToArray(document, update, pageRef, "Annots", fieldRef);

        var catalog = document.Catalog.Clone();
        var catalogChanged = false;
        switch (catalog.Get("AcroForm"))
        {
            case PdfReference acroRef:
                var acro = document.Resolve<PdfDictionary>(acroRef)?.Clone() ?? new PdfDictionary();
                AddField(document, update, acro, fieldRef);
                acro["SigFlags"] = new PdfInteger(3);
                update.Replace(acroRef, acro);
                break;
            case PdfDictionary direct:
                var copy = direct.Clone();
                AddField(document, update, copy, fieldRef);
                copy["SigFlags"] = new PdfInteger(3);
                catalog["AcroForm"] = copy;
                catalogChanged = true;
                break;
            default:
                var created = new PdfDictionary { ["Fields"] = new PdfArray([fieldRef]), ["SigFlags"] = new PdfInteger(3) };
                catalog["AcroForm"] = update.Add(created);
                catalogChanged = true;
                break;
        }

        if (spec.CertifyPermissions is not null)
        {
            catalog["Perms"] = new PdfDictionary { ["DocMDP"] = signatureRef };
            catalogChanged = true;
        }
        if (catalogChanged) update.Replace(rootRef, catalog);
        return new Placeholders(byteRange, contents, signatureRef);
    }

    /// <summary>The box in user space: as given, or 260×90 at the bottom-right margin of the (inherited) /MediaBox.</summary>
    private static (double X, double Y, double Width, double Height) Placement(PdfDocument document, PdfReference pageRef, VisibleSignature visible)
    {
        if (visible.Width > 0 && visible.Height > 0) return (visible.X, visible.Y, visible.Width, visible.Height);
        double[] box = [0, 0, 612, 792];
        var node = document.Resolve<PdfDictionary>(pageRef);
        for (var depth = 0; node is not null && depth < 64; depth++)
        {
            if (document.Resolve<PdfArray>(node.Get("MediaBox")) is { Count: 4 } media)
            {
                var values = media.Select(v => document.Resolve(v) switch { PdfInteger i => (double)i.Value, PdfReal r => r.Value, _ => double.NaN }).ToArray();
                if (values.All(double.IsFinite)) box = values;
                break;
            }
            node = document.Resolve<PdfDictionary>(node.Get("Parent"));
        }
        var right = Math.Max(box[0], box[2]);
        var bottom = Math.Min(box[1], box[3]);
        var pageWidth = Math.Abs(box[2] - box[0]);
        var width = Math.Min(VisibleSignature.DefaultWidth, Math.Max(10, pageWidth - 2 * VisibleSignature.DefaultMargin));
        return (right - VisibleSignature.DefaultMargin - width, bottom + VisibleSignature.DefaultMargin, width, VisibleSignature.DefaultHeight);
    }

    /// <summary>Adds the field to /Fields, rewriting the array object when /Fields is indirect. True when the dictionary itself changed.</summary>
    private static bool AddField(PdfDocument document, PdfIncrementalUpdate update, PdfDictionary acroForm, PdfReference fieldRef)
    {
        if (acroForm.Get("Fields") is PdfReference fieldsRef)
        {
            var fields = new PdfArray(document.Resolve<PdfArray>(fieldsRef) ?? []) { fieldRef };
            update.Replace(fieldsRef, fields);
            return false;
        }
        acroForm["Fields"] = new PdfArray(document.Resolve<PdfArray>(acroForm.Get("Fields")) ?? []) { fieldRef };
        return true;
    }

    /// <summary>Appends to an array entry of an object (a page's /Annots), rewriting whichever object holds the array.</summary>
    private static void AppendToArray(PdfDocument document, PdfIncrementalUpdate update, PdfReference ownerRef, string key, PdfObject item)
    {
        var owner = document.Resolve<PdfDictionary>(ownerRef)?.Clone()
                    ?? throw new PadesException(PadesException.NotAPdf, $"object {ownerRef.Number} is not a dictionary");
        if (owner.Get(key) is PdfReference arrayRef && document.Resolve<PdfArray>(arrayRef) is { } indirect)
        {
            update.Replace(arrayRef, new PdfArray(indirect) { item });
            return;
        }
        owner[key] = new PdfArray(document.Resolve<PdfArray>(owner.Get(key)) ?? []) { item };
        update.Replace(ownerRef, owner);
    }

    private static string UniqueName(IReadOnlyList<PdfSignatureField> existing, bool timeStamp)
    {
        var names = existing.Select(e => e.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var stem = timeStamp ? "DocumentTimeStamp" : "Signature";
        for (var n = existing.Count + 1; ; n++)
        {
            if (!names.Contains(stem + n)) return stem + n;
        }
    }
}
