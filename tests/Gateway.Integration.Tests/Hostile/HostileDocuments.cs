using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Documents designed to hurt a PDF reader, made on the fly (nothing big is checked in). Each is small on the wire;
/// what it costs the reader is the point. Kinds, by name (the theory data of the tests):
/// <list type="bullet">
/// <item><see cref="FlateBomb"/>: the catalog sits in an object stream, and a page's content stream, that each inflate
/// from a few hundred KB to <see cref="BombBytes"/> (the reader must decode the first to find the catalog);</item>
/// <item><see cref="ReferenceCycles"/>: a page tree, a form field tree and a signature dictionary that refer back into
/// themselves, objects that are references to themselves or to each other;</item>
/// <item><see cref="MillionObjects"/>: a cross-reference stream of 10^6 entries and a page tree node with 10^6 kids,
/// in a few KB;</item>
/// <item><see cref="XrefPrevLoop"/>: a cross-reference table whose /Prev is itself;</item>
/// <item><see cref="XrefGarbage"/>: offsets past the end, negative ones, absurd counts and sizes, startxref into the middle of an object;</item>
/// <item><see cref="PdfThenZip"/> and <see cref="ZipThenPdf"/>: files that are a PDF and a ZIP (a case file) at once,
/// either way round;</item>
/// <item><see cref="SignatureOutside"/>: signature dictionaries whose /ByteRange and /Contents point outside the file,
/// overflow, are negative, missing, of the wrong type or length;</item>
/// <item><see cref="CaseBomb"/>: not a PDF but a case file for the /verify page (a ZIP) whose manifest names one
/// receipt entry and one bundle entry, each about a megabyte of zeros compressed to a kilobyte, 1024 times over
/// (a ZIP bomb by reference: 2.4 GB to inflate from 100 KB).</item>
/// </list>
/// </summary>
internal static class HostileDocuments
{
    public const string FlateBomb = "flate-bomb";
    public const string ReferenceCycles = "reference-cycles";
    public const string MillionObjects = "million-objects";
    public const string XrefPrevLoop = "xref-prev-loop";
    public const string XrefGarbage = "xref-garbage";
    public const string PdfThenZip = "pdf-then-zip";
    public const string ZipThenPdf = "zip-then-pdf";
    public const string SignatureOutside = "signature-outside";
    public const string CaseBomb = "case-bomb";

    /// <summary>
    /// What each bomb inflates to: under Gateway.Pdf's former 256 MiB decoding cap, so that a reader bounded only by that
    /// cap allocates all of it, and far over what a legitimate object or content stream needs.
    /// </summary>
    public const long BombBytes = 200L * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, byte[]> Made = new();

    public static IReadOnlyList<string> All { get; } =
        [FlateBomb, ReferenceCycles, MillionObjects, XrefPrevLoop, XrefGarbage, PdfThenZip, ZipThenPdf, SignatureOutside, CaseBomb];

    /// <summary>The document of that kind; made once per test run (the bomb takes a moment to compress).</summary>
    public static byte[] Make(string kind) => Made.GetOrAdd(kind, k => k switch
    {
        FlateBomb => Bomb(),
        ReferenceCycles => Cycles(),
        MillionObjects => Million(),
        XrefPrevLoop => PrevLoop(),
        XrefGarbage => Garbage(),
        PdfThenZip => [.. Plain(), .. CaseLikeZip()],
        ZipThenPdf => ZipAroundPdf(),
        SignatureOutside => OutsideSignatures(),
        CaseBomb => CaseByReference(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such hostile document"),
    });

    /// <summary>A small well-formed one-page PDF: the base of several kinds.</summary>
    public static byte[] Plain() => Basic().WithXrefTable();

    private static RawPdf Basic(string catalogExtra = "") => new RawPdf()
        .Object(1, $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>")
        .Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        .Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");

    private static byte[] Bomb()
    {
        const string catalog = "<< /Type /Catalog /Pages 2 0 R >>";
        const string header = "1 0 ";
        // One compressed body serves both streams: "1 0 <catalog>" then spaces, which is an object stream's layout
        // and, as a content stream, only white space after two numbers and a dictionary.
        var bomb = RawPdf.DeflateRepeated(header + catalog, (byte)' ', BombBytes);
        var pdf = new RawPdf()
            .Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            .Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>")
            .Stream(4, "/Filter /FlateDecode", bomb)
            .Stream(5, $"/Type /ObjStm /N 1 /First {header.Length} /Filter /FlateDecode", bomb);
        return pdf.WithXrefStream(6, 7, i => i == 1 ? ((byte)2, 5L, 0) : null);
    }

    private static byte[] Cycles() => new RawPdf()
        .Object(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> /Names 7 0 R /Outlines 9 0 R >>")
        .Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        // An intermediate page tree node whose kids are its parent and itself.
        .Object(3, "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>")
        // A signature field whose kid has the field and itself as kids.
        .Object(5, "<< /FT /Sig /T (cycle) /Kids [6 0 R] /V 10 0 R >>")
        .Object(6, "<< /Parent 5 0 R /Kids [5 0 R 6 0 R] /FT /Sig /V 10 0 R >>")
        .Object(7, "8 0 R")
        .Object(8, "7 0 R")
        .Object(9, "9 0 R")
        // A signature dictionary whose /ByteRange is a reference to itself and whose /Contents is the dictionary.
        .Object(10, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange 11 0 R /Contents 12 0 R >>")
        .Object(11, "11 0 R")
        .Object(12, "10 0 R")
        .WithXrefTable("/Root 1 0 R /Info 9 0 R");

    private static byte[] Million()
    {
        const int count = 1_000_000;
        var pages = new StringBuilder("<< /Type /Pages /Count ").Append(count).Append(" /Kids [");
        for (var i = 0; i < count; i++) pages.Append("5 0 R ");
        pages.Append("] >>\n");
        var page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\n";
        var header = $"2 0 5 {pages.Length} ";
        var objects = RawPdf.Deflate(Encoding.Latin1.GetBytes(header + pages + page));
        var pdf = new RawPdf()
            .Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Stream(3, $"/Type /ObjStm /N 2 /First {header.Length} /Filter /FlateDecode", objects);
        // Objects 2 and 5 are in the object stream; so, says the cross-reference, are the other 999 999 (which it does not hold).
        return pdf.WithXrefStream(4, count + 5, i => i switch
        {
            2 => ((byte)2, 3L, 0),
            5 or > 5 => ((byte)2, 3L, 1),
            _ => null,
        });
    }

    private static byte[] PrevLoop()
    {
        var pdf = Basic();
        return pdf.WithXrefTable($"/Root 1 0 R /Prev {pdf.Length}");
    }

    private static byte[] Garbage()
    {
        var pdf = Basic();
        var inside = pdf.Offset(2) + 5;
        return pdf.End("xref\n0 4\n0000000000 65535 f \n9999999999 00000 n \n-000000001 00000 n \n0000000017 99999 n \n"
                       + "xref\n0 4000000000\n"
                       + $"trailer\n<< /Size 2147483647 /Root 1 0 R /Prev -5 /XRefStm 99999999999 >>\nstartxref\n{inside}\n%%EOF\n");
    }

    /// <summary>A ZIP with a case manifest (the /verify page's other kind), nothing else of a case.</summary>
    private static byte[] CaseLikeZip()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var manifest = new StreamWriter(zip.CreateEntry("manifest.json").Open());
            manifest.Write("""{"format":"https://gateway.example/schemas/case/v1","messageId":"x","receipts":[],"trust":{"roots":"a","logVerifierKey":"b"}}""");
        }
        return output.ToArray();
    }

    /// <summary>A ZIP whose first entry, stored uncompressed, is a PDF: "%PDF-" appears within the first 1024 bytes.</summary>
    private static byte[] ZipAroundPdf()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("permit.pdf", CompressionLevel.NoCompression).Open();
            entry.Write(Plain());
        }
        return output.ToArray();
    }

    private static byte[] OutsideSignatures()
    {
        string[] values =
        [
            "/ByteRange [0 10 99999999999 10] /Contents <3082000130>",
            "/ByteRange [0 -1 -1 -1] /Contents <00>",
            "/ByteRange [0 9223372036854775807 0 9223372036854775807] /Contents <00>",
            "/ByteRange [0 100 200 300] /Contents 99 0 R",
            "/ByteRange [0 1 2] /Contents <00>",
            "/ByteRange [0 (x) /y 3.5] /Contents (not hex)",
            "/ByteRange [9223372036854775807 9223372036854775807 9223372036854775807 9223372036854775807]",
            "/Contents <3082>",
        ];
        var fields = string.Join(" ", values.Select((_, i) => $"{20 + 2 * i} 0 R"));
        var pdf = Basic($"/AcroForm << /Fields [{fields}] /SigFlags 3 >>");
        for (var i = 0; i < values.Length; i++)
        {
            pdf.Object(20 + 2 * i, $"<< /FT /Sig /T (s{i}) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V {21 + 2 * i} 0 R >>");
            pdf.Object(21 + 2 * i, $"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached {values[i]} >>");
        }
        return pdf.WithXrefTable();
    }

    private static byte[] CaseByReference()
    {
        // Just under a case's 1 MiB per receipt, so that only the bound on the case's total stops it.
        const int receiptBytes = 1024 * 1024 - 1;
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, Action<Stream> write)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                write(entry);
            }
            Add("r.p7s", e => e.Write(new byte[receiptBytes]));
            Add("b.json", e => e.Write(Encoding.ASCII.GetBytes(
                $$"""{"format":"https://gateway.example/schemas/receipt-bundle/v1","receipt":"{{Convert.ToBase64String(new byte[receiptBytes])}}","leafIndex":0,"treeSize":1,"rootHash":"","auditPath":[],"checkpoint":"x"}""")));
            Add("roots.pem", e => e.Write("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"u8));
            Add("log.vkey", e => e.Write("x+00000000+AAAA\n"u8));
            var receipts = string.Join(",", Enumerable.Repeat("""{"event":"SubmissionAcceptance","receiptId":"r","receipt":"r.p7s","bundle":"b.json"}""", 1024));
            Add("manifest.json", e => e.Write(Encoding.ASCII.GetBytes(
                $$$"""{"format":"https://gateway.example/schemas/case/v1","messageId":"m","receipts":[{{{receipts}}}],"trust":{"roots":"roots.pem","logVerifierKey":"log.vkey"}}""")));
        }
        return output.ToArray();
    }
}
