using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

/// <summary>Reading a document as it was in an earlier revision, and what each revision's cross-reference lists.</summary>
public sealed class RevisionAccessTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => ReaderTests.Kinds;

    /// <summary>Revision 1 changes the content stream (4), adds a page (new), and frees the info dictionary (5).</summary>
    private static (PdfDocument Document, PdfReference NewPage) Updated(string kind)
    {
        var document = PdfDocument.Open(ReaderTests.Sample(kind));
        var update = new PdfIncrementalUpdate(document);
        update.Replace(new PdfReference(4), new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("0 0 m 100 100 l S")));
        var page = update.Add(new PdfDictionary { ["Type"] = PdfName.Page, ["Parent"] = new PdfReference(2), ["MediaBox"] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfInteger(10), new PdfInteger(10)]) });
        var pages = document.Resolve<PdfDictionary>(new PdfReference(2))!.Clone();
        pages["Kids"] = new PdfArray([new PdfReference(3), page]);
        pages["Count"] = new PdfInteger(2);
        update.Replace(new PdfReference(2), pages);
        update.Free(new PdfReference(5));
        var bytes = update.ToArray();
        Qpdf.AssertClean(bytes, null);
        return (PdfDocument.Open(bytes), page);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_revision_lists_what_it_wrote_changed_or_freed(string kind)
    {
        var (document, page) = Updated(kind);
        Assert.Equal(2, document.Revisions.Count);

        var first = document.GetRevisionEntries(0);
        Assert.DoesNotContain(first, e => e.Number == 0);
        Assert.Equal([1, 2, 3, 4, 5], first.Where(e => e.Kind != PdfXrefEntryKind.Free && e.Number <= 5).Select(e => e.Number));
        if (kind == "stream")
        {
            Assert.All(first.Where(e => e.Number <= 3), e => Assert.Equal((PdfXrefEntryKind.Compressed, 6), (e.Kind, e.ObjectStreamNumber)));
            Assert.Equal([0, 1, 2], first.Where(e => e.Number <= 3).Select(e => e.IndexInObjectStream));
        }
        var four = first.Single(e => e.Number == 4);
        Assert.Equal(PdfXrefEntryKind.Plain, four.Kind);
        Assert.Equal(ReaderTests.Sample(kind).AsSpan().IndexOf("4 0 obj"u8), four.Offset);

        var second = document.GetRevisionEntries(1);
        var listed = second.Where(e => e.Kind == PdfXrefEntryKind.Plain).Select(e => e.Number).ToList();
        Assert.Contains(2, listed);
        Assert.Contains(4, listed);
        Assert.Contains(page.Number, listed);
        Assert.DoesNotContain(1, listed);
        Assert.DoesNotContain(3, listed);
        var freed = Assert.Single(second, e => e.Kind == PdfXrefEntryKind.Free);
        Assert.Equal((5, 1), (freed.Number, freed.Generation));
        Assert.True(second.Select(e => e.Number).SequenceEqual(second.Select(e => e.Number).Order()));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Objects_resolve_as_of_a_revision(string kind)
    {
        var (document, page) = Updated(kind);
        Assert.Null(document.GetObject(5));
        Assert.NotNull(document.GetObject(5, 0));
        Assert.IsType<PdfDictionary>(document.Resolve(new PdfReference(5), 0));
        Assert.Same(PdfNull.Instance, document.Resolve(new PdfReference(5), 1));
        Assert.Same(PdfNull.Instance, document.Resolve(page, 0));
        Assert.NotNull(document.Resolve<PdfDictionary>(page, 1));
        Assert.Equal("0 0 m 200 200 l S", Encoding.ASCII.GetString(document.Resolve<PdfStream>(new PdfReference(4), 0)!.EncodedData));
        Assert.Equal("0 0 m 100 100 l S", Encoding.ASCII.GetString(document.Resolve<PdfStream>(new PdfReference(4), 1)!.EncodedData));
        Assert.Null(document.Resolve<PdfArray>(new PdfReference(4), 1));
        Assert.Same(PdfNull.Instance, document.Resolve(null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Resolve(new PdfReference(4), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.GetRevisionEntries(-1));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pages_as_of_a_revision(string kind)
    {
        var (document, page) = Updated(kind);
        Assert.Equal([new PdfReference(3)], document.GetPages(0));
        Assert.Equal([new PdfReference(3), page], document.GetPages(1));
        Assert.Equal(document.GetPages(1), document.Pages);
    }

    [Fact]
    public void Replace_after_Free_brings_the_object_back()
    {
        var document = PdfDocument.Open(TestPdfs.Classic());
        var update = new PdfIncrementalUpdate(document);
        update.Free(new PdfReference(5));
        update.Replace(new PdfReference(5), new PdfDictionary { ["Title"] = PdfString.FromText("again") });
        var replaced = PdfDocument.Open(update.ToArray());
        Assert.NotNull(replaced.GetObject(5));
        Assert.Throws<ArgumentException>(() => update.Free(new PdfReference(0)));
        output.WriteLine(Encoding.Latin1.GetString(update.ToArray()[TestPdfs.Classic().Length..]));
    }

    [Fact]
    public void DecodeStream_stops_at_the_cap_given()
    {
        var data = new byte[100_000];
        var stream = new PdfStream(new PdfDictionary { ["Filter"] = PdfName.FlateDecode }, TestPdfs.Deflate(data));
        var document = PdfDocument.Open(TestPdfs.Classic());
        Assert.Equal(data.Length, document.DecodeStream(stream, 100_000).Length);
        Assert.Throws<PdfFormatException>(() => document.DecodeStream(stream, 99_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.DecodeStream(stream, -1));
    }
}
