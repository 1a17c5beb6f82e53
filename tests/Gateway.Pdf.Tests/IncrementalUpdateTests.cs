using Gateway.Pdf.Internal;
using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

public sealed class IncrementalUpdateTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => ReaderTests.Kinds;

    /// <summary>Adds a field and a signature-like dictionary, and gives the catalog an /AcroForm.</summary>
    private static (byte[] Bytes, PdfReference Field) AddForm(PdfDocument document, XrefKind? kind = null)
    {
        var update = new PdfIncrementalUpdate(document);
        if (kind is { } k) update.XrefKind = k;
        var field = update.Add(new PdfDictionary { ["FT"] = PdfName.Sig, ["T"] = PdfString.FromText("ลายมือชื่อ") });
        var catalog = document.Catalog.Clone();
        catalog["AcroForm"] = new PdfDictionary { ["Fields"] = new PdfArray { field }, ["SigFlags"] = new PdfInteger(3) };
        update.Replace((PdfReference)document.Trailer["Root"]!, catalog);
        return (update.ToArray(), field);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Round_trip_keeps_the_original_and_adds_a_revision(string kind)
    {
        var original = ReaderTests.Sample(kind);
        var document = PdfDocument.Open(original);
        var (bytes, field) = AddForm(document);
        Qpdf.AssertClean(bytes, output);

        var updated = PdfDocument.Open(bytes);
        Assert.False(updated.Recovered);
        Assert.Equal(2, updated.Revisions.Count);
        Assert.Equal(original, bytes[..original.Length]);
        Assert.Equal(original.Length, updated.Revisions[0].EndOffset);
        Assert.Equal(bytes.Length, updated.Revisions[1].EndOffset);
        Assert.Equal(document.Revisions[0].XrefKind, updated.Revisions[1].XrefKind);

        Assert.Equal(document.Size, field.Number);
        Assert.Equal(kind == "classic" ? field.Number + 1 : field.Number + 2, updated.Size);
        Assert.Equal(updated.Size, ((PdfInteger)updated.Trailer["Size"]!).Value);
        Assert.Equal(document.Revisions[0].StartXref, ((PdfInteger)updated.Trailer["Prev"]!).Value);
        Assert.Equal(TestPdfs.FirstId, ((PdfString)((PdfArray)updated.Trailer["ID"]!)[0]).Bytes);
        Assert.Equal(((PdfReference)document.Trailer["Info"]!), updated.Trailer["Info"]);

        Assert.Equal("ลายมือชื่อ", ((PdfString)((PdfDictionary)updated.GetObject(field.Number)!)["T"]!).ToText());
        Assert.True(updated.Catalog.ContainsKey("AcroForm"));
        Assert.False(((PdfDictionary)updated.GetObject(1, 0)!).ContainsKey("AcroForm"));
        Assert.Null(updated.GetObject(field.Number, 0));
        Assert.Single(updated.Pages);
        // A catalog that lived in an object stream comes back as a plain object, generation 0.
        Assert.True(updated.OffsetOf(1) >= original.Length);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Three_updates_in_a_row(string kind)
    {
        var bytes = ReaderTests.Sample(kind);
        var startXrefs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var document = PdfDocument.Open(bytes);
            startXrefs.Add(document.Revisions[^1].StartXref);
            var update = new PdfIncrementalUpdate(document);
            var added = update.Add(new PdfDictionary { ["Step"] = new PdfInteger(i) });
            var catalog = document.Catalog.Clone();
            catalog["Step" + i] = added;
            update.Replace((PdfReference)document.Trailer["Root"]!, catalog);
            var result = update.WriteTo(new MemoryStream());
            bytes = update.ToArray();
            Assert.Equal(bytes.Length, result.Length);
            Assert.StartsWith(kind == "classic" ? "xref" : $"{document.Size + 1} 0 obj", Encoding.ASCII.GetString(bytes, (int)result.StartXref, 12));
            Qpdf.AssertClean(bytes, output);
        }
        var final = PdfDocument.Open(bytes);
        Assert.Equal(4, final.Revisions.Count);
        Assert.All(final.Revisions.Skip(1), r => Assert.Equal(kind == "classic" ? XrefKind.Table : XrefKind.Stream, r.XrefKind));
        for (var i = 1; i < 4; i++) Assert.Equal(startXrefs[i - 1], ((PdfInteger)final.Revisions[i].Trailer["Prev"]!).Value);
        Assert.True(final.Catalog.ContainsKey("Step0") && final.Catalog.ContainsKey("Step2"));
        Assert.False(((PdfDictionary)final.GetObject(1, 2)!).ContainsKey("Step2"));
        Assert.True(((PdfDictionary)final.GetObject(1, 2)!).ContainsKey("Step1"));
    }

    [Fact]
    public void The_xref_kind_can_be_chosen_and_a_stream_update_on_a_table_file_reads_back()
    {
        var document = PdfDocument.Open(TestPdfs.Classic());
        var (bytes, _) = AddForm(document, XrefKind.Stream);
        Qpdf.AssertClean(bytes, output);
        var updated = PdfDocument.Open(bytes);
        Assert.Equal(XrefKind.Stream, updated.Revisions[1].XrefKind);
        Assert.True(updated.Catalog.ContainsKey("AcroForm"));
    }

    [Fact]
    public void A_file_without_a_final_end_of_line_gets_one_before_the_update()
    {
        var original = TestPdfs.Classic()[..^1];
        var (bytes, _) = AddForm(PdfDocument.Open(original));
        Assert.Equal((byte)'\n', bytes[original.Length]);
        // The newline we add becomes the end-of-line of the first "%%EOF", so it counts in that revision's end; a
        // signature made over the original ends one byte before (validation must allow for this).
        var updated = PdfDocument.Open(bytes);
        Assert.Equal(original.Length + 1, updated.Revisions[0].EndOffset);
        Qpdf.AssertClean(bytes, output);
    }

    [Fact]
    public void Hybrid_reference_files_are_updated_with_a_table()
    {
        var document = PdfDocument.Open(Hybrid());
        Assert.False(document.Recovered);
        Assert.Equal(XrefKind.Table, document.Revisions[^1].XrefKind);
        Assert.True(document.Catalog["Type"].IsName(PdfName.Catalog));
        var (bytes, _) = AddForm(document);
        Qpdf.AssertClean(bytes, output);
        var updated = PdfDocument.Open(bytes);
        Assert.Equal(XrefKind.Table, updated.Revisions[^1].XrefKind);
        Assert.True(updated.Catalog.ContainsKey("AcroForm"));
        Assert.Single(updated.Pages);
    }

    /// <summary>The xref-stream sample with a classic table (listing only the plain objects) whose trailer points at the stream with /XRefStm.</summary>
    private static byte[] Hybrid()
    {
        var original = TestPdfs.XrefStream();
        var text = Encoding.Latin1.GetString(original);
        var streamOffset = long.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
        var body = text[..text.LastIndexOf("startxref", StringComparison.Ordinal)];
        var offsets = new[] { 4, 5, 6 }.Select(n => (long)body.IndexOf($"\n{n} 0 obj", StringComparison.Ordinal) + 1).ToArray();
        var table = new StringBuilder("xref\n0 1\n0000000000 65535 f\r\n4 3\n");
        foreach (var offset in offsets) table.Append($"{offset:D10} 00000 n\r\n");
        table.Append($"trailer\n<< /Size 8 /Root 1 0 R /Info 5 0 R /XRefStm {streamOffset} >>\nstartxref\n{body.Length}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(body + table);
    }

    [Fact]
    public void Encrypted_documents_are_not_updated()
    {
        var text = Encoding.Latin1.GetString(TestPdfs.Classic()).Replace("/Info 5 0 R", "/Info 5 0 R /Encrypt 5 0 R");
        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(text));
        Assert.Throws<NotSupportedException>(() => new PdfIncrementalUpdate(document));
    }

    [Fact]
    public void Replacing_keeps_the_generation_of_a_plain_object()
    {
        var text = Encoding.Latin1.GetString(TestPdfs.Classic()).Replace("5 0 obj", "5 2 obj");
        var xref = text.IndexOf("xref\n", StringComparison.Ordinal);
        var lines = text[xref..].Split('\n');
        lines[7] = lines[7].Replace("00000 n", "00002 n");
        text = text[..xref] + string.Join('\n', lines);
        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(text));
        var update = new PdfIncrementalUpdate(document);
        update.Replace(new PdfReference(5, 2), new PdfDictionary { ["Producer"] = new PdfString("x"u8.ToArray()) });
        var bytes = update.ToArray();
        Qpdf.AssertClean(bytes, output);
        Assert.Contains("\n5 2 obj\n", Encoding.Latin1.GetString(bytes));
        var reread = (PdfDictionary)PdfDocument.Open(bytes).GetObject(5)!;
        Assert.Equal("x", ((PdfString)reread["Producer"]!).ToText());
    }
}
