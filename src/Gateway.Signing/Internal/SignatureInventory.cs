using Gateway.Pdf;

namespace Gateway.Signing.Internal;

/// <summary>The signature fields a document already has (AcroForm field tree, cycle-safe).</summary>
internal static class SignatureInventory
{
    public sealed record Entry(PdfDictionary Field, string? Name, PdfDictionary? Signature, PdfReference? SignatureReference);

    private const int MaxFields = 100_000;

    public static IReadOnlyList<Entry> Find(PdfDocument document)
    {
        var entries = new List<Entry>();
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
                entries.Add(new Entry(field, name, document.Resolve<PdfDictionary>(value), value as PdfReference));
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
