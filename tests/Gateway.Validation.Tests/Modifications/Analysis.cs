using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>Runs the analyzer and says what it found when an assertion fails.</summary>
internal static class Analysis
{
    public static ModificationAnalysis Of(byte[] pdf, int signedRevision, ITestOutputHelper? output = null, ModificationAnalysisOptions? options = null)
    {
        var analysis = ModificationAnalyzer.Analyze(PdfDocument.Open(pdf), signedRevision, options ?? ModificationAnalysisOptions.Default);
        output?.WriteLine(Describe(analysis));
        return analysis;
    }

    /// <summary>Analysis from the revision of the document's first signature.</summary>
    public static ModificationAnalysis OfFirstSignature(byte[] pdf, ITestOutputHelper? output = null, ModificationAnalysisOptions? options = null) =>
        Of(pdf, SignedRevisions.OfSignatures(pdf)[0], output, options);

    public static string Describe(ModificationAnalysis analysis) =>
        $"signed revision {analysis.SignedRevision}, P={analysis.DocMdpPermission?.ToString() ?? "-"}, level {analysis.Level}, content changes {analysis.HasContentChanges}, disallowed {analysis.HasDisallowedChanges}\n"
        + string.Join("\n", analysis.Modifications.Select(m => $"  r{m.Revision} {(m.Allowed ? "allowed   " : "DISALLOWED")} {m.Code} [{m.Level}] obj {m.ObjectNumber}: {m.Description}"));

    /// <summary>Asserts a disallowed modification with this code exists.</summary>
    public static Modification Disallowed(ModificationAnalysis analysis, string code)
    {
        Assert.True(analysis.HasDisallowedChanges, Describe(analysis));
        Assert.True(analysis.HasContentChanges, Describe(analysis));
        return Assert.Single(analysis.Modifications, m => m.Code == code && !m.Allowed);
    }

    /// <summary>Asserts that every modification is allowed and one has this code.</summary>
    public static Modification Allowed(ModificationAnalysis analysis, string code)
    {
        Assert.False(analysis.HasDisallowedChanges, Describe(analysis));
        return Assert.Single(analysis.Modifications, m => m.Code == code);
    }
}
