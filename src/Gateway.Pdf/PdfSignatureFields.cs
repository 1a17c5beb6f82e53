namespace Gateway.Pdf;

/// <summary>The signature fields (/FT /Sig) of a document's AcroForm field tree (ISO 32000-1 12.7.3), cycle-safe.</summary>
public static class PdfSignatureFields
{
    private const int MaxFields = 100_000;

    /// <summary>In field-tree order, with fully qualified names; fields without a value are included (Signature null).</summary>
    public static IReadOnlyList<PdfSignatureField> Find(PdfDocument document)
    {
        var entries = new List<PdfSignatureField>();
        var acroForm = document.Resolve<PdfDictionary>(document.Catalog.Get("AcroForm"));
        if (acroForm is null) return entries;
        var visited = new HashSet<(int, int)>();
        var pending = new Stack<(PdfObject Node, string? Prefix)>();
        if (document.Resolve<PdfArray>(acroForm.Get("Fields")) is { } fields)
            foreach (var field in fields.Reverse()) pending.Push((field, null));

        while (pending.Count > 0 && visited.Count < MaxFields)
        {
            var (node, prefix) = pending.Pop();
            if (node is PdfReference reference && !visited.Add((reference.Number, reference.Generation))) continue;
            if (document.Resolve<PdfDictionary>(node) is not { } field) continue;
            var partial = (document.Resolve(field.Get("T")) as PdfString)?.ToText();
            var name = partial is null ? prefix : prefix is null ? partial : prefix + "." + partial;
            if (document.Resolve<PdfArray>(field.Get("Kids")) is { } kids)
            {
                foreach (var kid in kids.Reverse()) pending.Push((kid, name));
            }
            if (document.Resolve(field.Get("FT")) is PdfName { Value: "Sig" })
            {
                var value = field.Get("V");
                entries.Add(new PdfSignatureField(field, name, document.Resolve<PdfDictionary>(value), value as PdfReference));
            }
        }
        return entries;
    }

    /// <summary>The DocMDP permission of a certification signature, when the document has one.</summary>
    public static int? CertificationPermissions(PdfDocument document)
    {
        var perms = document.Resolve<PdfDictionary>(document.Catalog.Get("Perms"));
        var docMdp = document.Resolve<PdfDictionary>(perms?.Get("DocMDP"));
        if (docMdp is null) return null;
        foreach (var reference in document.Resolve<PdfArray>(docMdp.Get("Reference")) ?? [])
        {
            var parameters = document.Resolve<PdfDictionary>(document.Resolve<PdfDictionary>(reference)?.Get("TransformParams"));
            if (document.Resolve(parameters?.Get("P")) is PdfInteger p) return (int)p.Value;
        }
        return 2; // ISO 32000-1 Table 254: P defaults to 2
    }
}
