using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Gateway.Pdf;
using Gateway.Validation.Internal.Modifications;

namespace Gateway.Validation;

/// <summary>
/// Modification analysis ("diff analysis", after pyHanko's StandardDiffPolicy): each revision after the signed one is
/// compared with the revision before it, object by object, and every change must be explained by a rule that allows
/// it — new signatures and document time-stamps, DSS/VRI, metadata, form filling, annotations — or it is disallowed.
/// Whether an allowed kind of change is permitted depends on the DocMDP permission and the FieldMDP locks in effect at
/// the signed revision. See the README's "Modification analysis" section for the rules.
/// </summary>
public static class ModificationAnalyzer
{
    /// <summary>
    /// Analyses every revision after <paramref name="signedRevisionIndex"/> (an index into <see cref="PdfDocument.Revisions"/>).
    /// Never throws on malformed input: an unreadable object in a later revision is itself a disallowed change
    /// (<see cref="ModificationCodes.ObjectUnreadable"/>).
    /// </summary>
    public static ModificationAnalysis Analyze(PdfDocument document, int signedRevisionIndex) =>
        Analyze(document, signedRevisionIndex, ModificationAnalysisOptions.Default);

    public static ModificationAnalysis Analyze(PdfDocument document, int signedRevisionIndex, ModificationAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(signedRevisionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(signedRevisionIndex, document.Revisions.Count);

        var modifications = new List<Modification>();
        Permissions permissions;
        try
        {
            permissions = Permissions.Read(new RevisionView(document, signedRevisionIndex));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The signed revision itself is unreadable: nothing after it can be judged.
            permissions = Permissions.Read(null);
            modifications.Add(new Modification(signedRevisionIndex, ModificationCodes.ObjectUnreadable,
                $"the signed revision cannot be read: {e.Message}", null, false));
        }
        var cache = Cache.GetValue(document, _ => new ConcurrentDictionary<int, Lazy<IReadOnlyList<Finding>>>());
        for (var revision = signedRevisionIndex + 1; revision < document.Revisions.Count; revision++)
        {
            var index = revision;
            var findings = cache.GetOrAdd(index, _ => new Lazy<IReadOnlyList<Finding>>(() => Compare(document, index))).Value;
            modifications.AddRange(findings.Select(f => Complete(f, index, permissions, options)));
        }
        var level = modifications.Count == 0 ? ModificationLevel.None : modifications.Max(m => m.Level);
        return new ModificationAnalysis(signedRevisionIndex, modifications, level, permissions.DocMdp);
    }

    /// <summary>
    /// What each revision changed, per document: the same for every signature, so a document validated signature by
    /// signature is compared once. Kept as long as the document is.
    /// </summary>
    private static readonly ConditionalWeakTable<PdfDocument, ConcurrentDictionary<int, Lazy<IReadOnlyList<Finding>>>> Cache = new();

    private static IReadOnlyList<Finding> Compare(PdfDocument document, int revision)
    {
        try
        {
            var comparison = new Comparison(document, revision);
            comparison.CollectChanges();
            if (comparison.Changes.Count == 0 && comparison.Findings.Count == 0
                && comparison.Equality.Equal(comparison.Old.Trailer.Get("Encrypt"), comparison.New.Trailer.Get("Encrypt")))
                return comparison.Findings;
            FormRules.Run(comparison);
            DocumentRules.Run(comparison);
            DssRules.Run(comparison);
            PageRules.Run(comparison);
            Classifier.Run(comparison);
            return comparison.Findings;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [new Finding { Code = ModificationCodes.ObjectUnreadable, Description = $"revision {revision} cannot be analysed: {e.Message}", Level = ModificationLevel.Other }];
        }
    }

    private static Modification Complete(Finding finding, int revision, Permissions permissions, ModificationAnalysisOptions options)
    {
        var code = finding.Code;
        var description = finding.Description;
        var allowed = true;
        var forbidden = finding.Forbidden;
        if (forbidden is null && finding.VisibleNewSignatureField && permissions.DocMdp is not null && !options.AllowVisibleSignaturesAfterCertification)
            forbidden = "a new visible signature field after a certification signature (its appearance can draw over the certified content)";
        if (forbidden is { } why && !description.EndsWith(why, StringComparison.Ordinal))
        {
            description += $" (not allowed: {why})";
            allowed = false;
        }
        else if (forbidden is not null || finding.Level == ModificationLevel.Other)
        {
            allowed = false;
        }
        else if (finding.Level > permissions.MaxLevel)
        {
            description += permissions.DocMdp is { } p
                ? $" (not allowed: the certification permits {Permitted(p)} only, DocMDP P={p})"
                : " (not allowed after an approval signature)";
            allowed = false;
        }
        if (finding.LockSensitive && finding.FieldName is { } field && permissions.IsLocked(field))
        {
            code = ModificationCodes.LockedFieldChanged;
            description += $" (not allowed: field '{field}' is locked by FieldMDP; the change was {finding.Code})";
            allowed = false;
        }
        return new Modification(revision, code, description, finding.ObjectNumber, allowed) { Level = finding.Level, FieldName = finding.FieldName };
    }

    private static string Permitted(int p) => p switch
    {
        1 => "DSS and document time-stamps",
        2 => "form filling and signing",
        _ => "form filling, signing and annotations",
    };
}
