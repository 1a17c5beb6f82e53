using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// What the signed revision permits: the DocMDP P of a certification signature (catalog /Perms /DocMDP → its
/// /Reference with /TransformMethod /DocMDP → /TransformParams /P, default 2), and the fields locked by FieldMDP: the
/// /Lock dictionaries of signed signature fields and the /FieldMDP references of their signatures.
/// </summary>
internal sealed class Permissions
{
    private readonly List<(string Action, HashSet<string> Fields)> _locks = [];

    public int? DocMdp { get; private init; }

    public ModificationLevel MaxLevel => DocMdp switch
    {
        1 => ModificationLevel.LongTermValidation,
        2 => ModificationLevel.FormFilling,
        _ => ModificationLevel.Annotations,
    };

    public bool HasLocks => _locks.Count > 0;

    public static Permissions Read(RevisionView? signed)
    {
        if (signed is null) return new Permissions();
        var permissions = new Permissions { DocMdp = DocMdpOf(signed) };
        var acroForm = signed.Resolve<PdfDictionary>(signed.Catalog?.Get("AcroForm"));
        foreach (var field in FormFields.Read(signed, acroForm).Values)
        {
            if (!field.IsSignature || signed.Resolve<PdfDictionary>(field.Dictionary.Get("V")) is not { } signature) continue;
            permissions.AddLock(signed, signed.Resolve<PdfDictionary>(field.Dictionary.Get("Lock")));
            foreach (var reference in signed.Resolve<PdfArray>(signature.Get("Reference")) ?? [])
            {
                var entry = signed.Resolve<PdfDictionary>(reference);
                if ((signed.Resolve(entry?.Get("TransformMethod")) as PdfName)?.Value == "FieldMDP")
                    permissions.AddLock(signed, signed.Resolve<PdfDictionary>(entry!.Get("TransformParams")));
            }
        }
        return permissions;
    }

    private static int? DocMdpOf(RevisionView signed)
    {
        var perms = signed.Resolve<PdfDictionary>(signed.Catalog?.Get("Perms"));
        if (signed.Resolve<PdfDictionary>(perms?.Get("DocMDP")) is not { } signature) return null;
        foreach (var reference in signed.Resolve<PdfArray>(signature.Get("Reference")) ?? [])
        {
            var entry = signed.Resolve<PdfDictionary>(reference);
            if ((signed.Resolve(entry?.Get("TransformMethod")) as PdfName)?.Value != "DocMDP") continue;
            var parameters = signed.Resolve<PdfDictionary>(entry!.Get("TransformParams"));
            return signed.Resolve(parameters?.Get("P")) switch
            {
                null => 2, // ISO 32000-1 Table 254: P defaults to 2
                PdfInteger { Value: >= 1 and <= 3 } p => (int)p.Value,
                _ => 1, // a value the standard does not define: the strictest reading
            };
        }
        return 2;
    }

    private void AddLock(RevisionView view, PdfDictionary? lockDictionary)
    {
        if (lockDictionary is null) return;
        var action = (view.Resolve(lockDictionary.Get("Action")) as PdfName)?.Value ?? "All";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in view.Resolve<PdfArray>(lockDictionary.Get("Fields")) ?? [])
            if (view.Resolve(item) is PdfString name) names.Add(name.ToText());
        _locks.Add((action, names));
    }

    /// <summary>Whether a field (fully qualified name) is locked; a lock on "a" covers "a.b".</summary>
    public bool IsLocked(string fieldName)
    {
        foreach (var (action, fields) in _locks)
        {
            var listed = fields.Any(f => fieldName == f || fieldName.StartsWith(f + ".", StringComparison.Ordinal));
            if (action == "All" || (action == "Include" && listed) || (action == "Exclude" && !listed)) return true;
        }
        return false;
    }
}
