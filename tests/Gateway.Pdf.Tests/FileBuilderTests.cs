using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

/// <summary>New files from <see cref="PdfFileBuilder"/>: read back by our reader, clean for qpdf, reproducible, refused when incomplete.</summary>
public sealed class FileBuilderTests(ITestOutputHelper output)
{
    private static byte[] OnePage(string content)
    {
        var file = new PdfFileBuilder();
        var pages = file.Reserve(); // the page names its parent before the parent exists
        var page = file.Add(new PdfDictionary
        {
            [PdfName.Type] = PdfName.Page,
            [PdfName.Parent] = pages,
            [PdfName.MediaBox] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfInteger(200), new PdfInteger(100)]),
            [PdfName.Contents] = file.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes(content))),
        });
        file.Set(pages, new PdfDictionary { [PdfName.Type] = PdfName.Pages, [PdfName.Kids] = new PdfArray([page]), [PdfName.Count] = new PdfInteger(1) });
        var info = file.Add(new PdfDictionary { ["Title"] = PdfString.FromText("ใบรับ") });
        return file.ToArray(file.Add(new PdfDictionary { [PdfName.Type] = PdfName.Catalog, [PdfName.Pages] = pages }), info);
    }

    [Fact]
    public void A_new_file_reads_back_and_passes_qpdf()
    {
        var bytes = OnePage("0 0 m 10 10 l S");
        var document = PdfDocument.Open(bytes);
        Assert.False(document.Recovered);
        Assert.Single(document.Revisions);
        Assert.Single(document.Pages);
        Assert.Equal("ใบรับ", document.Resolve<PdfDictionary>(document.Trailer["Info"])!.Get("Title") is PdfString s ? s.ToText() : null);
        Assert.Equal(2, document.Resolve<PdfArray>(document.Trailer["ID"])!.Count);

        if (Qpdf.Run(bytes, output) is not { } check) return;
        Assert.True(check.ExitCode == 0, check.Output);
    }

    [Fact]
    public void The_same_objects_give_the_same_bytes_and_other_objects_another_id()
    {
        Assert.Equal(OnePage("0 0 m 10 10 l S"), OnePage("0 0 m 10 10 l S"));
        var a = PdfDocument.Open(OnePage("0 0 m 10 10 l S")).Trailer["ID"];
        var b = PdfDocument.Open(OnePage("0 0 m 20 20 l S")).Trailer["ID"];
        Assert.NotEqual(PdfWriter.ToBytes(a!), PdfWriter.ToBytes(b!));
    }

    [Fact]
    public void A_reserved_object_never_set_is_refused()
    {
        var file = new PdfFileBuilder();
        var pages = file.Reserve();
        var catalog = file.Add(new PdfDictionary { [PdfName.Type] = PdfName.Catalog, [PdfName.Pages] = pages });
        Assert.Throws<InvalidOperationException>(() => file.ToArray(catalog));
    }
}
