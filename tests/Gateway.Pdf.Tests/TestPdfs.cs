using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Gateway.Pdf.Tests;

/// <summary>Small PDFs written byte by byte, independently of the library's writer, so the reader is tested against something it did not produce.</summary>
internal static class TestPdfs
{
    public const string Content = "0 0 m 200 200 l S";
    public static readonly byte[] FirstId = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

    private static readonly string[] Bodies =
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    ];

    private const string Info = "<< /Producer (Gateway tests) /Title (\\(nested\\) test) >>";

    private static string IdArray => $"[<{Convert.ToHexString(FirstId)}> <{Convert.ToHexString(FirstId)}>]";

    /// <summary>Catalog 1, pages 2, page 3, content stream 4, info 5; a classic xref table.</summary>
    public static byte[] Classic()
    {
        var pdf = new Builder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        for (var i = 0; i < Bodies.Length; i++) pdf.Object(i + 1, Bodies[i]);
        pdf.Stream(4, "", Encoding.ASCII.GetBytes(Content));
        pdf.Object(5, Info);
        var xref = pdf.Position;
        pdf.Text("xref\n0 6\n0000000000 65535 f \n");
        for (var n = 1; n <= 5; n++) pdf.Text($"{pdf.Offsets[n]:D10} 00000 n \n");
        pdf.Text($"trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R /ID {IdArray} >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>Same document; catalog, pages and page live in object stream 6, the xref is stream 7 with a PNG Up predictor.</summary>
    public static byte[] XrefStream()
    {
        var pdf = new Builder("%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n");
        pdf.Stream(4, "", Encoding.ASCII.GetBytes(Content));
        pdf.Object(5, Info);

        var header = new StringBuilder();
        var objects = new StringBuilder();
        for (var i = 0; i < Bodies.Length; i++)
        {
            header.Append(CultureInfo.InvariantCulture, $"{i + 1} {objects.Length} ");
            objects.Append(Bodies[i]).Append('\n');
        }
        var objectStream = Encoding.ASCII.GetBytes(header.ToString() + objects);
        pdf.Stream(6, $"/Type /ObjStm /N {Bodies.Length} /First {header.Length} /Filter /FlateDecode", Deflate(objectStream));

        var xref = pdf.Position;
        var rows = new List<byte[]> { Row(0, 0, 65535) };
        for (var i = 0; i < Bodies.Length; i++) rows.Add(Row(2, 6, i));
        foreach (var n in new[] { 4, 5, 6 }) rows.Add(Row(1, pdf.Offsets[n], 0));
        rows.Add(Row(1, xref, 0));
        pdf.Stream(7, $"/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Info 5 0 R /ID {IdArray} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>",
            Deflate(PngUp(rows)));
        pdf.Text($"startxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return buffer.ToArray();
    }

    private static byte[] Row(int type, long field2, int field3) =>
        [(byte)type, (byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2, (byte)(field3 >> 8), (byte)field3];

    private static byte[] PngUp(List<byte[]> rows)
    {
        var output = new List<byte>();
        var previous = new byte[rows[0].Length];
        foreach (var row in rows)
        {
            output.Add(2);
            for (var i = 0; i < row.Length; i++) output.Add((byte)(row[i] - previous[i]));
            previous = row;
        }
        return [.. output];
    }

    /// <summary>Appends objects and remembers where each began; offsets are what an xref must say.</summary>
    internal sealed class Builder
    {
        private readonly MemoryStream _bytes = new();

        public Builder(string header) => Text(header);

        public Dictionary<int, long> Offsets { get; } = [];

        public long Position => _bytes.Length;

        public void Text(string text) => _bytes.Write(Encoding.Latin1.GetBytes(text));

        public void Bytes(byte[] bytes) => _bytes.Write(bytes);

        public void Object(int number, string body)
        {
            Offsets[number] = Position;
            Text($"{number} 0 obj\n{body}\nendobj\n");
        }

        public void Stream(int number, string dictionaryEntries, byte[] data)
        {
            Offsets[number] = Position;
            Text($"{number} 0 obj\n<< {dictionaryEntries} /Length {data.Length} >>\nstream\n");
            Bytes(data);
            Text("\nendstream\nendobj\n");
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
