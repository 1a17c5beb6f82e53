using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>A form field as found in the /AcroForm field tree of one revision.</summary>
internal sealed class FormField
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public PdfReference? Reference { get; init; }
    public required PdfDictionary Dictionary { get; init; }

    /// <summary>/FT, inherited from ancestors.</summary>
    public string? FieldType { get; init; }

    /// <summary>The field's widget annotations: the field itself when merged, else its kids without /T.</summary>
    public List<(PdfReference? Reference, PdfDictionary Dictionary)> Widgets { get; } = [];

    /// <summary>Kids that are fields themselves (have /T).</summary>
    public List<PdfReference> FieldKids { get; } = [];

    public bool IsSignature => FieldType == "Sig";
}

/// <summary>The field tree of one revision, keyed by the field's object number (or its name for a direct field).</summary>
internal static class FormFields
{
    private const int MaxFields = 100_000;
    private const int MaxDepth = 64;

    public static Dictionary<string, FormField> Read(RevisionView view, PdfDictionary? acroForm)
    {
        var fields = new Dictionary<string, FormField>(StringComparer.Ordinal);
        if (acroForm is null || view.Resolve<PdfArray>(acroForm.Get("Fields")) is not { } roots) return fields;
        var visited = new HashSet<int>();
        var pending = new Stack<(PdfObject Node, string? Prefix, string? FieldType, int Depth)>();
        for (var i = roots.Count - 1; i >= 0; i--) pending.Push((roots[i], null, null, 0));
        while (pending.Count > 0 && fields.Count < MaxFields)
        {
            var (node, prefix, inherited, depth) = pending.Pop();
            var reference = node as PdfReference;
            if (reference is not null && !visited.Add(reference.Number)) continue;
            if (view.Resolve(node) is not PdfDictionary dictionary) continue;
            var partial = (view.Resolve(dictionary.Get("T")) as PdfString)?.ToText();
            var name = partial is null ? prefix ?? "" : prefix is null ? partial : prefix + "." + partial;
            var type = (view.Resolve(dictionary.Get("FT")) as PdfName)?.Value ?? inherited;
            var key = reference is not null ? reference.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "name:" + name;
            if (fields.ContainsKey(key)) continue;
            var field = new FormField { Key = key, Name = name, Reference = reference, Dictionary = dictionary, FieldType = type };
            fields[key] = field;
            var kids = view.Resolve<PdfArray>(dictionary.Get("Kids"));
            if (kids is null || kids.Count == 0)
            {
                if (Annotations.IsWidget(dictionary) || dictionary.Get("Rect") is not null) field.Widgets.Add((reference, dictionary));
                continue;
            }
            for (var i = kids.Count - 1; i >= 0; i--)
            {
                if (view.Resolve(kids[i]) is not PdfDictionary kid) continue;
                if (kid.Get("T") is null)
                {
                    field.Widgets.Add((kids[i] as PdfReference, kid));
                    if (kids[i] is PdfReference widgetReference) visited.Add(widgetReference.Number);
                }
                else
                {
                    if (kids[i] is PdfReference kidReference) field.FieldKids.Add(kidReference);
                    if (depth < MaxDepth) pending.Push((kids[i], name, type, depth + 1));
                }
            }
            field.Widgets.Reverse();
        }
        return fields;
    }

    /// <summary>Widget object number → the field it belongs to.</summary>
    public static Dictionary<int, FormField> WidgetOwners(Dictionary<string, FormField> fields)
    {
        var owners = new Dictionary<int, FormField>();
        foreach (var field in fields.Values)
            foreach (var (reference, _) in field.Widgets)
                if (reference is not null) owners.TryAdd(reference.Number, field);
        return owners;
    }
}
