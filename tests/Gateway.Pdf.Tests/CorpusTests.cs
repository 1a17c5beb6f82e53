using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

public sealed class CorpusTests(ITestOutputHelper output)
{
    /// <summary>Files of the corpus that are not meant to open (none so far: even the attack files are well-formed PDF).</summary>
    private static readonly HashSet<string> Unreadable = [];

    [Fact]
    public void Every_file_opens_and_every_signature_ends_at_a_revision_end()
    {
        if (Corpus.Directory() is not { } directory) return;
        int files = 0, signatures = 0, aligned = 0, recovered = 0;
        var failures = new List<string>();
        foreach (var file in Corpus.Files(directory))
        {
            var name = Corpus.Name(directory, file);
            files++;
            PdfDocument document;
            try
            {
                document = PdfDocument.Open(File.ReadAllBytes(file));
            }
            catch (PdfFormatException e) when (Unreadable.Contains(name))
            {
                output.WriteLine($"{name}: refused as expected: {e.Message}");
                continue;
            }
            Assert.DoesNotContain(name, Unreadable);
            Assert.NotEmpty(document.Revisions);
            _ = document.Pages; // may be empty: qpdf too finds no page in pades-5-signatures-and-1-document-timestamp.pdf
            if (document.Recovered) recovered++;
            var ends = document.Revisions.Select(r => r.EndOffset).ToHashSet();
            foreach (var byteRange in SignatureByteRanges(document))
            {
                signatures++;
                if (ends.Contains(byteRange[2] + byteRange[3])) aligned++;
                else failures.Add($"{name}: /ByteRange ends at {byteRange[2] + byteRange[3]}, revisions end at {string.Join(", ", ends)}");
            }
            output.WriteLine($"{name}: {document.Revisions.Count} revision(s), {string.Join("/", document.Revisions.Select(r => r.XrefKind))}{(document.Recovered ? ", recovered" : "")}");
        }
        output.WriteLine($"{files} files, {recovered} recovered, {signatures} signatures, {aligned} ending at a revision end");
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(signatures > 0);
        Assert.DoesNotContain(failures, f => !ByteRangeMismatchExpected.Any(f.StartsWith));
    }

    /// <summary>Attack files whose ByteRange deliberately does not end where a revision does.</summary>
    private static readonly string[] ByteRangeMismatchExpected = ["pdf-signed-corrupted.pdf:"];

    [Fact]
    public void An_update_on_every_file_adds_no_qpdf_problem()
    {
        if (Corpus.Directory() is not { } directory) return;
        foreach (var file in Corpus.Files(directory))
        {
            var name = Corpus.Name(directory, file);
            if (Unreadable.Contains(name)) continue;
            var original = File.ReadAllBytes(file);
            var document = PdfDocument.Open(original);
            var update = new PdfIncrementalUpdate(document);
            var catalogReference = (PdfReference)document.Trailer[PdfName.Root]!;
            var catalog = document.Catalog.Clone();
            catalog["GatewayNote"] = update.Add(new PdfDictionary { ["Text"] = PdfString.FromText("ทดสอบ") });
            update.Replace(catalogReference, catalog);
            var updated = update.ToArray();

            var reopened = PdfDocument.Open(updated);
            Assert.Equal(document.Revisions.Count + 1, reopened.Revisions.Count);
            Assert.False(reopened.Recovered && !document.Recovered, name);
            Assert.IsType<PdfReference>(reopened.Catalog["GatewayNote"]);

            var before = Qpdf.Run(original, output);
            if (before is null) return;
            var after = Qpdf.Run(updated)!;
            var added = after.Problems.Except(before.Problems).ToArray();
            Assert.True(Qpdf.Severity(after.ExitCode) <= Qpdf.Severity(before.ExitCode) && added.Length == 0,
                $"{name}: before {before.ExitCode}, after {after.ExitCode}; new: {string.Join(" | ", added)}\n{after.Output}");
            if (before.ExitCode != 0) output.WriteLine($"{name}: qpdf exit {before.ExitCode} before and {after.ExitCode} after");
        }
    }

    /// <summary>Every dictionary with a /ByteRange of four integers, found by reading all objects.</summary>
    internal static IEnumerable<long[]> SignatureByteRanges(PdfDocument document)
    {
        for (var number = 1; number < document.Size; number++)
        {
            PdfObject? value;
            try
            {
                value = document.GetObject(number);
            }
            catch (PdfFormatException)
            {
                continue;
            }
            if (value is PdfDictionary dictionary && document.Resolve(dictionary[PdfName.ByteRange]) is PdfArray { Count: 4 } range
                && range.All(item => item is PdfInteger))
                yield return [.. range.Select(item => ((PdfInteger)item).Value)];
        }
    }
}
