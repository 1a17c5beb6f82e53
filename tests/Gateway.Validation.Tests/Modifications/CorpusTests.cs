using System.Diagnostics;
using System.Text.Json;
using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// The EU DSS validation corpus (../shared/corpus/pades): for every file whose manifest says whether it was modified
/// after signing, the analysis from each signature's revision must agree (HasContentChanges). The analysis must never
/// throw, and the whole corpus must take well under a second or so.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.PadesCorpus() is not { } corpus) return data;
        foreach (var file in Directory.EnumerateFiles(corpus, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(corpus, file).Replace('\\', '/'));
        return data;
    }

    private static Dictionary<string, bool?> Expectations(string corpus)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "manifest.json")));
        var expected = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var modified = entry.GetProperty("expected").GetProperty("modified_after_signing");
            expected[entry.GetProperty("file").GetString()!] = modified.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
        }
        return expected;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_signature_agrees_with_the_manifest(string file)
    {
        var corpus = RepositoryPaths.PadesCorpus()!;
        var document = PdfDocument.Open(File.ReadAllBytes(Path.Combine(corpus, file)));
        var expected = Expectations(corpus).GetValueOrDefault(file);
        foreach (var signature in SignedRevisions.Find(document))
        {
            if (signature.Revision is not { } revision)
            {
                output.WriteLine($"signature object {signature.ObjectNumber}: no revision ends where its /ByteRange does");
                continue;
            }
            var analysis = ModificationAnalyzer.Analyze(document, revision);
            output.WriteLine($"{signature.Type} object {signature.ObjectNumber}: {Analysis.Describe(analysis)}");
            if (expected is { } modified && signature.Type == "Sig")
                Assert.True(modified == analysis.HasContentChanges, $"expected modified_after_signing={modified}: {Analysis.Describe(analysis)}");
        }
    }

    [Fact]
    public void The_same_border_annotations_file_is_not_flagged()
    {
        if (RepositoryPaths.PadesCorpus() is not { } corpus) return;
        var document = PdfDocument.Open(File.ReadAllBytes(Path.Combine(corpus, "pades-same-border-annotations.pdf")));
        var analysis = ModificationAnalyzer.Analyze(document, SignedRevisions.Find(document).Single().Revision!.Value);
        Assert.False(analysis.HasDisallowedChanges);
        Assert.False(analysis.HasContentChanges);
    }

    [Fact]
    public void The_whole_corpus_is_analysed_quickly()
    {
        if (RepositoryPaths.PadesCorpus() is not { } corpus) return;
        var files = Directory.EnumerateFiles(corpus, "*.pdf", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        Analyse(files); // warm-up (JIT)
        var watch = Stopwatch.StartNew();
        var (documents, analyses) = Analyse(files);
        watch.Stop();
        output.WriteLine($"{documents} documents, {analyses} analyses (one per signature and time-stamp) in {watch.ElapsedMilliseconds} ms, opening included");
        // Well under a second on an idle machine; generous here because tests run in parallel on two cores.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.ElapsedMilliseconds} ms");
    }

    private static (int Documents, int Analyses) Analyse(List<byte[]> files)
    {
        var analyses = 0;
        foreach (var bytes in files)
        {
            var document = PdfDocument.Open(bytes);
            foreach (var signature in SignedRevisions.Find(document))
            {
                if (signature.Revision is not { } revision) continue;
                _ = ModificationAnalyzer.Analyze(document, revision);
                analyses++;
            }
        }
        return (files.Count, analyses);
    }
}
