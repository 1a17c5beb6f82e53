using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Pdf;
using Xunit.Abstractions;
using static Gateway.Validation.Tests.Modifications.TestDocuments;
using static Gateway.Validation.Tests.Modifications.Updates;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>Malformed and hostile later revisions: the analysis reports them and never throws or runs away.</summary>
[Collection(ModificationCollection.Name)]
public sealed class HostileInputTests(ModificationFixture fixture, ITestOutputHelper output)
{
    /// <summary>Appends a classic update by hand: the objects' text as given, a table, a trailer chained with /Prev.</summary>
    private static byte[] RawUpdate(byte[] pdf, params (int Number, string Body)[] objects)
    {
        var document = PdfDocument.Open(pdf);
        var text = new StringBuilder("\n");
        var offsets = new SortedDictionary<int, long>();
        foreach (var (number, body) in objects)
        {
            offsets[number] = pdf.Length + Encoding.Latin1.GetByteCount(text.ToString());
            text.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }
        var xref = pdf.Length + Encoding.Latin1.GetByteCount(text.ToString());
        text.Append("xref\n");
        foreach (var (number, offset) in offsets) text.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n\r\n");
        var size = Math.Max(document.Size, offsets.Keys.Max() + 1);
        text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root {((PdfReference)document.Trailer.Get("Root")!).Number} 0 R /Prev {document.Revisions[^1].StartXref} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(text.ToString())];
    }

    [Fact]
    public async Task An_unreadable_object_in_a_later_revision_is_a_disallowed_change()
    {
        var broken = RawUpdate(await fixture.SignAsync(Base()), (Content2, "<< /Length 5 >>\nstream\nab"), (Font, "<< /Type /Font /Subtype [ >>"));
        var analysis = Analysis.Of(broken, 1, output);
        Assert.True(analysis.HasDisallowedChanges);
        Assert.Contains(analysis.Modifications, m => m.Code == ModificationCodes.ObjectUnreadable && !m.Allowed);
    }

    [Fact]
    public async Task Cycles_deep_nesting_and_huge_arrays_are_bounded()
    {
        var signed = await fixture.SignAsync(Base());
        var size = PdfDocument.Open(signed).Size;
        var deep = new string('[', 200) + new string(']', 200);
        var huge = string.Join(' ', Enumerable.Range(0, 100_000).Select(_ => $"{size} 0 R"));
        var hostile = RawUpdate(signed,
            (size, $"<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] /Self {size} 0 R /Next {size + 1} 0 R /Deep {deep} /Many [{huge}] >>"),
            (size + 1, $"<< /Back {size} 0 R /Loop {size + 1} 0 R >>"),
            (Page1, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /Properties << /oc1 13 0 R >> >> /Annots [8 0 R 14 0 R {size} 0 R] >>"),
            (Content2, $"[{size + 1} 0 R {size + 1} 0 R]"));
        var watch = Stopwatch.StartNew();
        var analysis = Analysis.Of(hostile, 1, output);
        output.WriteLine($"{watch.ElapsedMilliseconds} ms");
        Assert.True(analysis.HasDisallowedChanges);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Damaged_later_revisions_never_make_the_analysis_throw()
    {
        var signed = await fixture.SignAsync(Base());
        var attacked = FillName(Append(signed, (document, update) => AddAnnotation(document, update, Page2, FreeText(update, "x"))), "Somying");
        var random = new Random(20261126);
        var analysed = 0;
        for (var i = 0; i < 150; i++)
        {
            var copy = (byte[])attacked.Clone();
            var flips = random.Next(1, 8);
            const string alphabet = "()<>[]/% 0123456789Rnobjstreamxref\n";
            for (var f = 0; f < flips; f++)
                copy[random.Next(signed.Length, copy.Length)] = (byte)alphabet[random.Next(alphabet.Length)];
            PdfDocument document;
            try
            {
                document = PdfDocument.Open(copy);
            }
            catch (PdfFormatException)
            {
                continue;
            }
            for (var revision = 0; revision < document.Revisions.Count; revision++)
                _ = ModificationAnalyzer.Analyze(document, revision);
            analysed++;
        }
        output.WriteLine($"{analysed} damaged files analysed");
        Assert.True(analysed > 50);
    }

    [Fact]
    public void Invalid_arguments_are_programming_errors()
    {
        var document = PdfDocument.Open(Base());
        Assert.Throws<ArgumentNullException>(() => ModificationAnalyzer.Analyze(null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModificationAnalyzer.Analyze(document, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModificationAnalyzer.Analyze(document, -1));
        Assert.Empty(ModificationAnalyzer.Analyze(document, 0).Modifications);
    }

    [Fact]
    public void Every_code_is_distinct_and_upper_case()
    {
        Assert.Equal(ModificationCodes.All.Count, ModificationCodes.All.Distinct().Count());
        Assert.All(ModificationCodes.All, code => Assert.Matches("^[A-Z_]+$", code));
        var declared = typeof(ModificationCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).Order();
        Assert.Equal(declared, ModificationCodes.All.Order());
    }
}
