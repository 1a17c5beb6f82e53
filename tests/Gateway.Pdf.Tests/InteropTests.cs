using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

/// <summary>Files written by qpdf (linearized, object streams) are read, and updated files stay clean for qpdf.</summary>
public sealed class InteropTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("--linearize")]
    [InlineData("--object-streams=generate")]
    [InlineData("--linearize", "--object-streams=generate")]
    [InlineData("--object-streams=disable", "--compress-streams=n")]
    public void Files_qpdf_writes_are_read_and_updated(params string[] options)
    {
        if (Qpdf.Rewrite(TestPdfs.Classic(), output, options) is not { } rewritten) return;
        var document = PdfDocument.Open(rewritten);
        Assert.False(document.Recovered);
        // A linearized file has two sections (first-page and main) but is one revision.
        var revision = Assert.Single(document.Revisions);
        Assert.Equal(rewritten.Length, revision.EndOffset);
        Assert.Single(document.Pages);
        Assert.Equal(TestPdfs.Content, Encoding.ASCII.GetString(document.DecodeStream(
            document.Resolve<PdfStream>(document.Resolve<PdfDictionary>(document.Pages[0])!["Contents"])!)));

        var update = new PdfIncrementalUpdate(document);
        var catalog = document.Catalog.Clone();
        catalog["AcroForm"] = new PdfDictionary { ["Fields"] = new PdfArray() };
        update.Replace((PdfReference)document.Trailer["Root"]!, catalog);
        var bytes = update.ToArray();
        Qpdf.AssertClean(bytes, output);
        var updated = PdfDocument.Open(bytes);
        Assert.Equal(2, updated.Revisions.Count);
        Assert.Equal(rewritten.Length, updated.Revisions[0].EndOffset);
        Assert.True(updated.Catalog.ContainsKey("AcroForm"));
        Assert.Single(updated.Pages);
    }

    [Fact]
    public void An_indirect_length_is_followed_even_when_the_data_contains_endstream()
    {
        const string data = "% endstream in a comment\n0 0 m 10 10 l S";
        var pdf = new TestPdfs.Builder("%PDF-1.4\n");
        pdf.Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>");
        pdf.Offsets[4] = pdf.Position;
        pdf.Text($"4 0 obj\n<< /Length 5 0 R >>\nstream\r\n{data}\nendstream\nendobj\n");
        pdf.Object(5, data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var xref = pdf.Position;
        pdf.Text("xref\n0 6\n0000000000 65535 f\r\n");
        for (var n = 1; n <= 5; n++) pdf.Text($"{pdf.Offsets[n]:D10} 00000 n\r\n");
        pdf.Text($"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\r\n");
        var bytes = pdf.ToArray();
        Qpdf.AssertClean(bytes, output);

        var document = PdfDocument.Open(bytes);
        Assert.False(document.Recovered);
        Assert.Equal(bytes.Length, document.Revisions[0].EndOffset);
        Assert.Equal(data, Encoding.ASCII.GetString(((PdfStream)document.GetObject(4)!).EncodedData));
    }
}
