using System.IO.Compression;
using System.Text;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Writes PDF files byte by byte, the way an attacker does: objects in the order given at offsets it records, then
/// whatever cross-reference the hostile file needs (a correct table, a cross-reference stream, or none at all).
/// Only for generating test input; the gateway's own writer is in Gateway.Pdf.
/// </summary>
internal sealed class RawPdf
{
    private readonly MemoryStream _bytes = new();
    private readonly SortedDictionary<int, long> _offsets = new();

    public RawPdf() => Text("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

    public long Length => _bytes.Length;

    public RawPdf Object(int number, string body)
    {
        _offsets[number] = _bytes.Length;
        return Text($"{number} 0 obj\n{body}\nendobj\n");
    }

    /// <summary>A stream object; <paramref name="dictionary"/> without /Length, which is added.</summary>
    public RawPdf Stream(int number, string dictionary, byte[] data)
    {
        _offsets[number] = _bytes.Length;
        Text($"{number} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n");
        _bytes.Write(data);
        return Text("\nendstream\nendobj\n");
    }

    public RawPdf Text(string text)
    {
        _bytes.Write(Encoding.Latin1.GetBytes(text));
        return this;
    }

    public RawPdf Bytes(byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>A classic cross-reference table of the objects written, the trailer (its /Size added) and the end.</summary>
    public byte[] WithXrefTable(string trailer = "/Root 1 0 R")
    {
        var xref = _bytes.Length;
        var size = _offsets.Count == 0 ? 1 : _offsets.Keys.Max() + 1;
        var table = new StringBuilder($"xref\n0 {size}\n0000000000 65535 f \n");
        for (var i = 1; i < size; i++)
            table.Append(_offsets.TryGetValue(i, out var offset) ? $"{offset:D10} 00000 n \n" : "0000000000 00000 f \n");
        Text(table.ToString());
        return End($"trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n");
    }

    /// <summary>
    /// A cross-reference stream (W [1 4 2], FlateDecode) as object <paramref name="number"/> covering objects 0 to
    /// <paramref name="size"/> - 1: written objects as type 1 at their offsets, <paramref name="special"/> where it
    /// answers (type, field 2, field 3), free entries otherwise.
    /// </summary>
    public byte[] WithXrefStream(int number, int size, Func<int, (byte Type, long Field2, int Field3)?>? special = null, string trailer = "/Root 1 0 R")
    {
        _offsets[number] = _bytes.Length;
        var data = new byte[size * 7L];
        for (var i = 0; i < size; i++)
        {
            var (type, field2, field3) = special?.Invoke(i) ?? (_offsets.TryGetValue(i, out var offset) ? ((byte)1, offset, 0) : ((byte)0, 0L, 0));
            var at = i * 7;
            data[at] = type;
            data[at + 1] = (byte)(field2 >> 24);
            data[at + 2] = (byte)(field2 >> 16);
            data[at + 3] = (byte)(field2 >> 8);
            data[at + 4] = (byte)field2;
            data[at + 5] = (byte)(field3 >> 8);
            data[at + 6] = (byte)field3;
        }
        var xref = _bytes.Length;
        Stream(number, $"/Type /XRef /Size {size} /W [1 4 2] /Filter /FlateDecode {trailer}", Deflate(data));
        return End($"startxref\n{xref}\n%%EOF\n");
    }

    /// <summary>No cross-reference: "startxref" points wherever the caller says.</summary>
    public byte[] WithStartXref(long offset, string trailer = "") =>
        End((trailer.Length > 0 ? $"trailer\n<< {trailer} >>\n" : "") + $"startxref\n{offset}\n%%EOF\n");

    /// <summary>Where the next bytes go: for cross-reference sections written by hand.</summary>
    public long Offset(int number) => _offsets[number];

    public byte[] End(string tail)
    {
        Text(tail);
        return _bytes.ToArray();
    }

    /// <summary>zlib (FlateDecode) of the bytes.</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    /// <summary>zlib of <paramref name="prefix"/> followed by <paramref name="count"/> copies of <paramref name="filler"/>, without holding them all.</summary>
    public static byte[] DeflateRepeated(string prefix, byte filler, long count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.Latin1.GetBytes(prefix));
            var block = new byte[1024 * 1024];
            Array.Fill(block, filler);
            for (long left = count; left > 0; left -= block.Length) zlib.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return output.ToArray();
    }
}
