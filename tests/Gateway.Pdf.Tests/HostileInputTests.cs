using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

/// <summary>Whatever the input, the reader ends quickly with a document or a PdfFormatException.</summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static byte[] Classic => TestPdfs.Classic();

    /// <summary>Objects 1..n in a file with a correct classic xref and the given trailer entries.</summary>
    private static byte[] Build(string trailer, params string[] bodies)
    {
        var pdf = new TestPdfs.Builder("%PDF-1.4\n");
        for (var i = 0; i < bodies.Length; i++) pdf.Object(i + 1, bodies[i]);
        var xref = pdf.Position;
        pdf.Text($"xref\n0 {bodies.Length + 1}\n0000000000 65535 f \n");
        for (var n = 1; n <= bodies.Length; n++) pdf.Text($"{pdf.Offsets[n]:D10} 00000 n \n");
        pdf.Text($"trailer\n<< /Size {bodies.Length + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static readonly string[] Minimal =
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    ];

    private static void OpensOrRefuses(byte[] bytes)
    {
        try
        {
            var document = PdfDocument.Open(bytes);
            _ = document.Pages;
            for (var n = 1; n < Math.Min(document.Size, 50); n++)
            {
                if (document.GetObject(n) is PdfStream stream) document.DecodeStream(stream);
                for (var r = 0; r < document.Revisions.Count; r++) document.GetObject(n, r);
            }
        }
        catch (PdfFormatException)
        {
        }
    }

    [Fact]
    public void A_Prev_cycle_ends()
    {
        var bytes = Build("/Root 1 0 R", Minimal);
        var text = Encoding.Latin1.GetString(bytes);
        var xref = text.LastIndexOf("xref\n", StringComparison.Ordinal);
        var looped = Encoding.Latin1.GetBytes(text.Replace("/Root 1 0 R", $"/Root 1 0 R /Prev {xref}"));
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open(looped, new PdfReadOptions { AllowRecovery = false }));
        var recovered = PdfDocument.Open(looped);
        Assert.True(recovered.Recovered);
        Assert.Single(recovered.Pages);
    }

    [Fact]
    public void A_Pages_cycle_ends()
    {
        var document = PdfDocument.Open(Build("/Root 1 0 R",
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 4 0 R 3 0 R 5 0 R] >>",
            "<< /Type /Page /Parent 4 0 R >>"));
        Assert.Equal([new PdfReference(3), new PdfReference(5)], document.Pages);
    }

    [Fact]
    public void A_reference_cycle_resolves_to_null()
    {
        var document = PdfDocument.Open(Build("/Root 1 0 R", [.. Minimal, "5 0 R", "4 0 R"]));
        Assert.Same(PdfNull.Instance, document.Resolve(new PdfReference(4)));
        Assert.Null(document.Resolve<PdfDictionary>(new PdfReference(5)));
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var bytes = Build("/Root 1 0 R", [.. Minimal, deep]);
        var document = PdfDocument.Open(bytes);
        var error = Assert.Throws<PdfFormatException>(() => document.GetObject(4));
        Assert.Contains("object 4", error.Message);
        Assert.Contains("nesting", error.Message);
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open(Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n" + deep)));
    }

    [Fact]
    public void A_compression_bomb_stops_at_the_cap_quickly_and_cheaply()
    {
        // 1 GiB of zeros, deflated twice: about a kilobyte.
        var bomb = TestPdfs.Deflate(ZerosDeflated(1L << 30));
        Assert.True(bomb.Length < 8 * 1024, $"{bomb.Length} bytes");
        var document = PdfDocument.Open(Classic);
        var stream = new PdfStream(new PdfDictionary { ["Filter"] = new PdfArray { PdfName.FlateDecode, PdfName.FlateDecode } }, bomb);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<PdfFormatException>(() => document.DecodeStream(stream));
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("exceeds", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), clock.Elapsed.ToString());
        // The intermediate stage (about 1 MB) is all that is kept; the default cap is 256 MB.
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    private static byte[] ZerosDeflated(long count)
    {
        var zeros = new byte[1 << 20];
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            for (long written = 0; written < count; written += zeros.Length) z.Write(zeros);
        return buffer.ToArray();
    }

    [Fact]
    public void An_absurd_length_is_not_believed()
    {
        var text = Encoding.Latin1.GetString(Classic).Replace($"/Length {TestPdfs.Content.Length}", "/Length 999999999999");
        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(text));
        var contents = (PdfStream)document.GetObject(4)!;
        Assert.Equal(TestPdfs.Content, Encoding.ASCII.GetString(contents.EncodedData));
    }

    [Fact]
    public void Absurd_sizes_and_counts_are_not_allocated()
    {
        var text = Encoding.Latin1.GetString(Classic);
        OpensOrRefuses(Encoding.Latin1.GetBytes(text.Replace("/Size 6", "/Size 2147483647")));
        Assert.Equal(6, PdfDocument.Open(Encoding.Latin1.GetBytes(text.Replace("/Size 6", "/Size 99999999999"))).Size);
        OpensOrRefuses(Encoding.Latin1.GetBytes(text.Replace("xref\n0 6", "xref\n0 2000000000")));
        var stream = Encoding.Latin1.GetString(TestPdfs.XrefStream());
        OpensOrRefuses(Encoding.Latin1.GetBytes(stream.Replace("/N 3", "/N 2000000000")));
        OpensOrRefuses(Encoding.Latin1.GetBytes(stream.Replace("/Size 8", "/Size 2000000000")));
        OpensOrRefuses(Encoding.Latin1.GetBytes(stream.Replace("/Columns 7", "/Columns 2000000000")));
    }

    [Fact]
    public void Too_many_objects_are_refused()
    {
        var error = Assert.Throws<PdfFormatException>(() => PdfDocument.Open(Classic, new PdfReadOptions { MaxObjects = 3, AllowRecovery = false }));
        Assert.Contains("more than 3", error.Message);
    }

    [Fact]
    public void An_xref_pointing_into_nowhere_is_recovered()
    {
        var text = Encoding.Latin1.GetString(Classic);
        var at = text.LastIndexOf("startxref\n", StringComparison.Ordinal);
        var broken = Encoding.Latin1.GetBytes(text[..at] + "startxref\n99999999\n%%EOF\n");
        var document = PdfDocument.Open(broken);
        Assert.True(document.Recovered);
        Assert.Single(document.Pages);
        Assert.Equal(broken.Length, document.Revisions[^1].EndOffset);
        Assert.Equal(TestPdfs.FirstId, ((PdfString)((PdfArray)document.Trailer["ID"]!)[0]).Bytes);
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open(broken, new PdfReadOptions { AllowRecovery = false }));

        var noXref = Encoding.Latin1.GetBytes(text[..text.IndexOf("xref\n", StringComparison.Ordinal)]);
        var rebuilt = PdfDocument.Open(noXref);
        Assert.True(rebuilt.Recovered);
        Assert.True(rebuilt.Catalog["Type"] is PdfName { Value: "Catalog" });
    }

    [Fact]
    public void An_update_on_a_recovered_file_lists_every_object_and_reads_cleanly()
    {
        foreach (var sample in new[] { Classic, TestPdfs.XrefStream() })
        {
            var text = Encoding.Latin1.GetString(sample);
            var broken = Encoding.Latin1.GetBytes(text[..text.LastIndexOf("startxref\n", StringComparison.Ordinal)] + "startxref\n12\n%%EOF\n");
            var document = PdfDocument.Open(broken);
            Assert.True(document.Recovered);
            var update = new PdfIncrementalUpdate(document);
            var catalog = document.Catalog.Clone();
            catalog["AcroForm"] = new PdfDictionary { ["Fields"] = new PdfArray() };
            update.Replace((PdfReference)document.Trailer["Root"]!, catalog);
            var bytes = update.ToArray();
            Qpdf.AssertClean(bytes, output);
            var updated = PdfDocument.Open(bytes);
            Assert.True(updated.Catalog.ContainsKey("AcroForm"));
            Assert.Single(updated.Pages);
            Assert.Null(updated.Trailer["Prev"]);
        }
    }

    [Fact]
    public void Recovery_keeps_revisions_apart()
    {
        var document = PdfDocument.Open(TestPdfs.Classic());
        var update = new PdfIncrementalUpdate(document);
        var catalog = document.Catalog.Clone();
        catalog["Changed"] = PdfBoolean.True;
        update.Replace(new PdfReference(1), catalog);
        var text = Encoding.Latin1.GetString(update.ToArray());
        var broken = Encoding.Latin1.GetBytes(text.Replace("startxref\n", "startxref\n9"));
        var recovered = PdfDocument.Open(broken);
        Assert.True(recovered.Recovered);
        Assert.Equal(2, recovered.Revisions.Count);
        Assert.True(recovered.Catalog.ContainsKey("Changed"));
        Assert.False(((PdfDictionary)recovered.GetObject(1, 0)!).ContainsKey("Changed"));
    }

    [Fact]
    public void Objects_that_never_end_cost_linear_time()
    {
        // Each object opens a string that runs to the end of the file: parsing them one by one would be quadratic.
        var text = new StringBuilder("%PDF-1.4\n");
        for (var i = 1; i <= 40_000; i++) text.Append(i).Append(" 0 obj\n(\n");
        var clock = Stopwatch.StartNew();
        OpensOrRefuses(Encoding.ASCII.GetBytes(text.ToString()));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Fact]
    public void Truncation_at_any_point_opens_or_is_refused()
    {
        foreach (var sample in new[] { Classic, TestPdfs.XrefStream() })
            for (var length = 0; length < sample.Length; length += 7)
                OpensOrRefuses(sample[..length]);
    }

    [Fact]
    public void Random_byte_flips_open_or_are_refused()
    {
        var random = new Random(20260101);
        var samples = new[] { Classic, TestPdfs.XrefStream() };
        for (var i = 0; i < 200; i++)
        {
            var bytes = (byte[])samples[i % 2].Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => "()<>[]/%{}"u8[random.Next(10)],
                    _ => (byte)('0' + random.Next(10)),
                };
            OpensOrRefuses(bytes);
        }
    }

    [Fact]
    public void Garbage_is_refused()
    {
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open([]));
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open("not a pdf at all"u8.ToArray()));
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open("%PDF-1.7\nstartxref\n-5\n%%EOF"u8.ToArray()));
    }

    [Fact]
    public void Invalid_flate_data_is_a_format_exception()
    {
        var document = PdfDocument.Open(Classic);
        var stream = new PdfStream(new PdfDictionary { ["Filter"] = PdfName.FlateDecode }, [1, 2, 3, 4, 5]);
        Assert.Throws<PdfFormatException>(() => document.DecodeStream(stream));
        Assert.Empty(document.DecodeStream(new PdfStream(new PdfDictionary { ["Filter"] = PdfName.FlateDecode }, [])));
        var truncated = TestPdfs.Deflate(Encoding.ASCII.GetBytes(new string('x', 5000) + "tail"));
        Assert.NotEmpty(document.DecodeStream(new PdfStream(new PdfDictionary { ["Filter"] = PdfName.FlateDecode }, truncated[..^6])));
    }
}
