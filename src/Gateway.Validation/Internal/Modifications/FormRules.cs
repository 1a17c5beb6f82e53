using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// The interactive form (pyHanko's SigFieldCreationRule, SigFieldModificationRule, GenericFieldModificationRule):
/// new signature fields (and their signatures, widgets and appearances), signing an existing empty signature field,
/// filling other fields (value and appearance), the /AcroForm's /Fields and defaults. Fields may not be removed,
/// renamed or changed beyond their value and appearance; fields other than signature fields may not be created; a
/// signed field may not change.
/// </summary>
internal static class FormRules
{
    /// <summary>What filling a field may change on it and its widgets (pyHanko's VALUE_UPDATE_KEYS, plus /I and /RV, which hold values too).</summary>
    private static readonly string[] ValueKeys = ["V", "AP", "AS", "F", "DA", "Q", "Ff", "Type", "I", "RV"];

    /// <summary>What holds the value itself; an appearance that changes while none of these does misrepresents the field.</summary>
    private static readonly string[] ValueOnlyKeys = ["V", "I", "RV"];

    /// <summary>What may change on a field that is not being filled (pyHanko's FORMFIELD_ALWAYS_MODIFIABLE).</summary>
    private static readonly string[] AlwaysModifiable = ["Ff", "Type"];

    /// <summary>
    /// The form's defaults: resources and appearance for fields. /NeedAppearances is not among them: setting it makes
    /// viewers redraw every field from its value, replacing the appearances that were signed.
    /// </summary>
    private static readonly string[] FormDefaults = ["DR", "DA", "Q"];

    public static void Run(Comparison c)
    {
        var oldRaw = c.Old.Catalog?.Get("AcroForm");
        var newRaw = c.New.Catalog?.Get("AcroForm");
        var oldForm = c.Old.Resolve<PdfDictionary>(oldRaw);
        var newForm = c.New.Resolve<PdfDictionary>(newRaw);
        if (oldForm is null && newForm is null) return;
        var catalog = c.Old.RootReference?.Number ?? -1;
        var formNumber = (newRaw as PdfReference)?.Number;
        var oldFields = FormFields.Read(c.Old, oldForm);
        var newFields = FormFields.Read(c.New, newForm);
        c.NewWidgetOwners = FormFields.WidgetOwners(newFields);
        c.OldWidgetOwners = FormFields.WidgetOwners(oldFields);

        if (newForm is null)
        {
            c.Report(ModificationCodes.FormFieldRemoved, "the interactive form (/AcroForm) was removed", c.New.RootReference?.Number, ModificationLevel.Other);
        }
        else
        {
            var keys = c.DifferentKeys(oldForm, newForm, ["Fields", "SigFlags", .. FormDefaults]);
            // Clearing /NeedAppearances asks for nothing to be redrawn; only setting it matters.
            if (keys.Remove("NeedAppearances") && newForm.Get("NeedAppearances") is PdfBoolean { Value: true }) keys.Add("NeedAppearances");
            if (keys.Count > 0)
            {
                var changed = c.Report(ModificationCodes.FormFieldChanged, $"/AcroForm {string.Join(", ", keys.Select(k => "/" + k))} changed", formNumber, ModificationLevel.Other);
                foreach (var key in keys) c.ClaimNewDependencies(newForm.Get(key), changed);
            }
            if (newRaw is PdfReference formReference)
            {
                if (c.IsAdded(formReference.Number)) c.Claim(formReference.Number, null);
                else c.ClaimExisting(formReference.Number, null, catalog, "/AcroForm");
            }
            if (newForm.Get("Fields") is PdfReference fieldsReference)
            {
                if (c.IsAdded(fieldsReference.Number)) c.Claim(fieldsReference.Number, null);
                else c.ClaimExisting(fieldsReference.Number, null, catalog, "/AcroForm");
            }
        }

        foreach (var (key, field) in oldFields)
        {
            if (newFields.ContainsKey(key)) continue;
            var what = field.IsSignature && field.Dictionary.Get("V") is not null ? "signature field" : "form field";
            c.Report(field.IsSignature && field.Dictionary.Get("V") is not null ? ModificationCodes.SignatureChanged : ModificationCodes.FormFieldRemoved,
                $"{what} '{field.Name}' (object {field.Reference?.Number}) was removed from the form", field.Reference?.Number, ModificationLevel.Other);
        }
        foreach (var (key, field) in newFields)
        {
            if (oldFields.TryGetValue(key, out var before)) Existing(c, before, field, catalog);
            else Created(c, field);
        }

        var defaults = c.DifferentKeys(oldForm, newForm).Where(k => FormDefaults.Contains(k)).ToList();
        if (defaults.Count > 0 && newForm is not null)
        {
            // Signers add fonts to /DR for their appearance; otherwise a change of the form's defaults is form filling.
            var owner = c.SignatureFindings.FirstOrDefault() ?? c.FilledFields.Values.FirstOrDefault()
                        ?? c.Report(ModificationCodes.FormFilled, $"the form's defaults changed ({string.Join(", ", defaults.Select(k => "/" + k))})", formNumber, ModificationLevel.FormFilling);
            foreach (var key in defaults) c.ClaimNewDependencies(newForm.Get(key), owner);
        }
    }

    private static void Created(Comparison c, FormField field)
    {
        var number = field.Reference?.Number;
        if (!field.IsSignature)
        {
            var added = c.Report(ModificationCodes.FormFieldAdded, $"form field '{field.Name}' ({field.FieldType ?? "no /FT"}) was created", number, ModificationLevel.Other);
            ClaimAll(c, field, added);
            return;
        }
        var preexisting = number is { } n && !c.IsAdded(n) ? n : (int?)null;
        preexisting ??= field.Widgets.Select(w => w.Reference?.Number).FirstOrDefault(w => w is { } wn && !c.IsAdded(wn));
        if (preexisting is { } old)
        {
            var reused = c.Report(ModificationCodes.FormFieldAdded, $"signature field '{field.Name}' was put into the form using object {old}, which existed when signed", old, ModificationLevel.Other);
            ClaimAll(c, field, reused);
            return;
        }
        var visible = field.Widgets.Any(w => Annotations.HasArea(c.New, w.Dictionary));
        var signature = c.New.Resolve<PdfDictionary>(field.Dictionary.Get("V"));
        var (code, level, noun) = Kind(signature, visible);
        var finding = new Finding { Code = code, Description = $"{(visible ? "visible" : "invisible")} {noun} in new field '{field.Name}'", ObjectNumber = number, Level = level, FieldName = field.Name, VisibleNewSignatureField = visible };
        c.Findings.Add(finding);
        c.SignatureFindings.Add(finding);
        ClaimAll(c, field, finding);
        foreach (var (reference, _) in field.Widgets)
            if (reference is not null) c.NewSignatureWidgets.Add(reference.Number);
    }

    private static (string Code, ModificationLevel Level, string Noun) Kind(PdfDictionary? signature, bool visible)
    {
        if (signature is null) return (ModificationCodes.SignatureFieldAdded, visible ? ModificationLevel.FormFilling : ModificationLevel.LongTermValidation, "empty signature field");
        var type = (signature.Get("Type") as PdfName)?.Value;
        var subFilter = (signature.Get("SubFilter") as PdfName)?.Value;
        if (type == "DocTimeStamp" || subFilter == "ETSI.RFC3161")
            return (ModificationCodes.DocumentTimeStampAdded, visible ? ModificationLevel.FormFilling : ModificationLevel.LongTermValidation, "document time-stamp");
        return (ModificationCodes.SignatureAdded, ModificationLevel.FormFilling, "signature");
    }

    /// <summary>Claims a field, its widgets and everything new they reach.</summary>
    private static void ClaimAll(Comparison c, FormField field, Finding finding)
    {
        if (field.Reference is { } reference) c.Claim(reference.Number, finding);
        c.ClaimNewDependencies(field.Dictionary, finding);
        foreach (var (widget, dictionary) in field.Widgets)
        {
            if (widget is not null) c.Claim(widget.Number, finding);
            c.ClaimNewDependencies(dictionary, finding);
        }
    }

    /// <summary>
    /// Whether the field's own objects were rewritten: its dictionary, its widgets, its /Kids or /V. (Appearance streams
    /// rewritten in place while the field is not are left to the classifier, which finds them through their widget;
    /// not resolving every field's appearances here keeps a revision that fills one field from reading them all.)
    /// </summary>
    private static bool Touched(Comparison c, FormField before, FormField after)
    {
        if (after.Reference is not { } reference || c.IsChanged(reference.Number)) return true;
        if (before.Widgets.Count != after.Widgets.Count) return true;
        for (var i = 0; i < after.Widgets.Count; i++)
            if (after.Widgets[i].Reference is not { } widget || before.Widgets[i].Reference?.Number != widget.Number || c.IsChanged(widget.Number)) return true;
        return (after.Dictionary.Get("Kids") is PdfReference kids && c.IsChanged(kids.Number))
               || (after.Dictionary.Get("V") is PdfReference value && c.IsChanged(value.Number));
    }

    private static void Existing(Comparison c, FormField before, FormField after, int catalog)
    {
        if (!Touched(c, before, after)) return;
        var number = after.Reference?.Number;
        var oldWidgets = Widgets(before);
        var newWidgets = Widgets(after);
        var structural = new List<string>();
        var valueKeys = new HashSet<string>(StringComparer.Ordinal);

        foreach (var key in c.DifferentKeys(before.Dictionary, after.Dictionary, "Kids"))
            (ValueKeys.Contains(key) ? valueKeys : (ICollection<string>)structural).Add(key);
        foreach (var (key, widget) in newWidgets)
        {
            if (!oldWidgets.TryGetValue(key, out var oldWidget))
            {
                structural.Add($"widget {key} added");
                continue;
            }
            if (key == Key(after.Reference, after.Dictionary)) continue; // the field itself, compared above
            foreach (var widgetKey in c.DifferentKeys(oldWidget, widget))
                (ValueKeys.Contains(widgetKey) ? valueKeys : (ICollection<string>)structural).Add($"{widgetKey}");
        }
        foreach (var key in oldWidgets.Keys.Where(k => !newWidgets.ContainsKey(k))) structural.Add($"widget {key} removed");

        // Appearance streams and values rewritten in place (same object number, new content).
        var inPlace = new List<(int Number, int Anchor, string Prefix)>();
        foreach (var (reference, widget) in after.Widgets)
            if (reference is not null)
                foreach (var stream in AppearanceObjects(c.New, widget))
                    if (c.IsChanged(stream)) inPlace.Add((stream, reference.Number, "/AP"));
        if (after.Dictionary.Get("V") is PdfReference value && c.IsChanged(value.Number))
        {
            var merged = number is not null && Annotations.IsAnnotation(after.Dictionary);
            inPlace.Add(merged ? (value.Number, number!.Value, "/V") : (value.Number, catalog, "/AcroForm"));
            valueKeys.Add("V");
        }
        if (inPlace.Count > 0) valueKeys.Add("AP");

        if (structural.Count == 0 && valueKeys.Count == 0)
        {
            // Only /Kids changed (new or removed kid fields are reported on their own), or nothing.
            ClaimField(c, after, null, inPlace);
            return;
        }

        Finding finding;
        if (after.IsSignature)
        {
            var wasSigned = before.Dictionary.Get("V") is not null;
            var isSigned = after.Dictionary.Get("V") is not null;
            if (!wasSigned && isSigned && structural.Count == 0)
            {
                var visible = after.Widgets.Any(w => Annotations.HasArea(c.New, w.Dictionary));
                var (code, level, noun) = Kind(c.New.Resolve<PdfDictionary>(after.Dictionary.Get("V")), visible);
                var lockSensitive = !(code == ModificationCodes.DocumentTimeStampAdded && level == ModificationLevel.LongTermValidation);
                finding = c.Report(code, $"{noun} added in the existing empty signature field '{after.Name}'", number, level, after.Name, lockSensitive);
                c.SignatureFindings.Add(finding);
                c.FilledFields[after.Name] = finding;
            }
            else if (structural.Count == 0 && valueKeys.All(AlwaysModifiable.Contains))
            {
                ClaimField(c, after, null, inPlace);
                return;
            }
            else
            {
                var all = structural.Concat(valueKeys).Distinct().Select(Slash);
                finding = c.Report(wasSigned ? ModificationCodes.SignatureChanged : ModificationCodes.FormFieldChanged,
                    $"{(wasSigned ? "signed" : "empty")} signature field '{after.Name}' changed ({string.Join(", ", all)})", number, ModificationLevel.Other, after.Name);
            }
        }
        else if (structural.Count > 0)
        {
            finding = c.Report(ModificationCodes.FormFieldChanged, $"form field '{after.Name}' changed beyond its value ({string.Join(", ", structural.Distinct().Select(Slash))})",
                number, ModificationLevel.Other, after.Name);
        }
        else if (valueKeys.Any(ValueOnlyKeys.Contains))
        {
            finding = c.Report(ModificationCodes.FormFilled, $"form field '{after.Name}' filled ({string.Join(", ", valueKeys.Select(Slash))})", number,
                ModificationLevel.FormFilling, after.Name, lockSensitive: true);
            c.FilledFields[after.Name] = finding;
        }
        else if (valueKeys.All(AlwaysModifiable.Contains))
        {
            ClaimField(c, after, null, inPlace);
            return;
        }
        else
        {
            // The shadow "replace" attack: the field keeps its value but shows something else.
            finding = c.Report(ModificationCodes.FormFilled, $"the appearance of form field '{after.Name}' changed while its value did not ({string.Join(", ", valueKeys.Select(Slash))})",
                number, ModificationLevel.FormFilling, after.Name, lockSensitive: true);
            finding.Forbidden = "an appearance that no longer shows the field's value";
        }
        ClaimField(c, after, finding, inPlace);
    }

    private static Dictionary<string, PdfDictionary> Widgets(FormField field)
    {
        var widgets = new Dictionary<string, PdfDictionary>(StringComparer.Ordinal);
        foreach (var (reference, dictionary) in field.Widgets) widgets.TryAdd(Key(reference, dictionary), dictionary);
        return widgets;
    }

    private static string Slash(string key) => key.StartsWith("widget", StringComparison.Ordinal) ? key : "/" + key;

    private static string Key(PdfReference? reference, PdfDictionary dictionary) =>
        reference is not null ? reference.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "direct:" + dictionary.GetHashCode();

    private static void ClaimField(Comparison c, FormField field, Finding? finding, List<(int Number, int Anchor, string Prefix)> inPlace)
    {
        if (field.Reference is { } reference && c.IsChanged(reference.Number)) c.Claim(reference.Number, finding);
        c.ClaimNewDependencies(field.Dictionary, finding);
        foreach (var (widget, dictionary) in field.Widgets)
        {
            if (widget is not null && c.IsChanged(widget.Number)) c.Claim(widget.Number, finding);
            c.ClaimNewDependencies(dictionary, finding);
        }
        if (field.Dictionary.Get("Kids") is PdfReference kids)
        {
            if (c.IsAdded(kids.Number)) c.Claim(kids.Number, finding);
            else c.ClaimExisting(kids.Number, finding, c.Old.RootReference?.Number ?? -1, "/AcroForm");
        }
        foreach (var (number, anchor, prefix) in inPlace)
        {
            c.ClaimExisting(number, finding, anchor, prefix);
            c.ClaimNewDependencies(c.Changes[number].New, finding);
        }
    }

    /// <summary>The objects of a widget's /AP: the dictionary, its /N /R /D entries and their appearance states.</summary>
    private static IEnumerable<int> AppearanceObjects(RevisionView view, PdfDictionary widget)
    {
        var ap = widget.Get("AP");
        if (ap is PdfReference apReference) yield return apReference.Number;
        if (view.Resolve<PdfDictionary>(ap) is not { } appearances) yield break;
        foreach (var key in new[] { "N", "R", "D" })
        {
            var entry = appearances.Get(key);
            if (entry is PdfReference entryReference) yield return entryReference.Number;
            if (view.Resolve(entry) is PdfDictionary states)
                foreach (var (_, state) in states)
                    if (state is PdfReference stateReference) yield return stateReference.Number;
        }
    }
}
