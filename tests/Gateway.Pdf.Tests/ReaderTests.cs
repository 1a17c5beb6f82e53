using Gateway.Pdf.Internal;
using System.Text;

namespace Gateway.Pdf.Tests;

public sealed class ReaderTests
{
    public static TheoryData<string> Kinds => ["classic", "stream"];

    internal static byte[] Sample(string kind) => kind == "classic" ? TestPdfs.Classic() : TestPdfs.XrefStream();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reads_the_small_document(string kind)
    {
        var bytes = Sample(kind);
        var document = PdfDocument.Open(bytes);
        Assert.False(document.Recovered);
        var revision = Assert.Single(document.Revisions);
        Assert.Equal(bytes.Length, revision.EndOffset);
        Assert.Equal(kind == "classic" ? XrefKind.Table : XrefKind.Stream, revision.XrefKind);
        Assert.Equal(kind == "classic" ? 6 : 8, document.Size);
        Assert.True(document.Catalog["Type"].IsName(PdfName.Catalog));
        var page = Assert.Single(document.Pages);
        Assert.Equal(new PdfReference(3), page);
        var contents = document.Resolve<PdfStream>(document.Resolve<PdfDictionary>(page)!["Contents"]);
        Assert.Equal(TestPdfs.Content, Encoding.ASCII.GetString(document.DecodeStream(contents!)));
        Assert.Equal("(nested) test", document.Resolve<PdfDictionary>(document.Trailer["Info"])!.Get("Title") is PdfString t ? t.ToText() : null);
        Assert.True(document.OffsetOf(4) > 0);
        Assert.StartsWith("4 0 obj", Encoding.ASCII.GetString(bytes, (int)document.OffsetOf(4), 7));
        Assert.Equal(kind == "classic" ? 1 : -1, Math.Sign(document.OffsetOf(1)));
        Assert.Null(document.GetObject(77));
        Assert.Same(PdfNull.Instance, document.Resolve(new PdfReference(77)));
    }

    [Fact]
    public void The_file_is_kept_in_the_buffer_it_came_in()
    {
        var bytes = TestPdfs.Classic();
        var document = PdfDocument.Open(bytes);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document.Bytes, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Fact]
    public void Objects_can_be_read_from_several_threads()
    {
        var document = PdfDocument.Open(TestPdfs.XrefStream());
        Parallel.For(0, 64, i => Assert.NotNull(document.GetObject(1 + i % 5)));
        Assert.Single(document.Pages);
    }

    [Fact]
    public void Test_vectors_are_clean_for_qpdf()
    {
        Qpdf.AssertClean(TestPdfs.Classic());
        Qpdf.AssertClean(TestPdfs.XrefStream());
    }

    [Fact]
    public void Committed_test_vectors_match_the_builder()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "testdata");
        Assert.Equal(TestPdfs.Classic(), File.ReadAllBytes(Path.Combine(directory, "classic.pdf")));
        Assert.Equal(TestPdfs.XrefStream(), File.ReadAllBytes(Path.Combine(directory, "xref-stream.pdf")));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData(" \r\n")]
    [InlineData("\r")]
    public void Tolerates_careless_xref_entries_and_a_subsection_numbered_from_one(string entryEnd)
    {
        var text = Encoding.Latin1.GetString(TestPdfs.Classic());
        // 19- or 21-byte entries and the classic "1 6" bug for a table that starts with object 0.
        var careless = text.Replace(" \n", entryEnd).Replace("xref\n0 6\n", "xref\n1 6\n");
        var offset = careless.IndexOf("xref\n", StringComparison.Ordinal);
        careless = careless[..careless.LastIndexOf("startxref", StringComparison.Ordinal)] + $"startxref\n{offset}\n%%EOF\n";
        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(careless));
        Assert.False(document.Recovered);
        Assert.Single(document.Pages);
    }

    [Fact]
    public void Wrong_offsets_and_an_indirect_or_wrong_length_are_survived()
    {
        var text = Encoding.Latin1.GetString(TestPdfs.Classic());
        var length = $"/Length {TestPdfs.Content.Length}";
        var shifted = text.Replace(length, "/Length 6 0 R").Replace("%PDF-1.4\n", "%PDF-1.4\n%padding that moves every object\n");
        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(shifted));
        Assert.Single(document.Pages);
        var contents = document.Resolve<PdfStream>(document.Resolve<PdfDictionary>(document.Pages[0])!["Contents"])!;
        Assert.Equal(TestPdfs.Content, Encoding.ASCII.GetString(contents.EncodedData));

        var wrong = text.Replace(length, "/Length 3");
        var contents2 = PdfDocument.Open(Encoding.Latin1.GetBytes(wrong)).GetObject(4) as PdfStream;
        Assert.Equal(TestPdfs.Content, Encoding.ASCII.GetString(contents2!.EncodedData));
    }

    [Fact]
    public void Unsupported_filters_are_named()
    {
        var document = PdfDocument.Open(TestPdfs.Classic());
        var stream = new PdfStream(new PdfDictionary { ["Filter"] = new PdfName("DCTDecode") }, [1, 2, 3]);
        var error = Assert.Throws<PdfFormatException>(() => document.DecodeStream(stream));
        Assert.Contains("unsupported filter DCTDecode", error.Message);
    }
}
