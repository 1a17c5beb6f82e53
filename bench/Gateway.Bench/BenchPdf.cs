using System.Globalization;
using System.Text;

namespace Gateway.Bench;

/// <summary>
/// A valid one-page PDF of about <c>sizeMiB</c> MiB for the signing benchmarks: the page draws one
/// 1024-pixel-wide DeviceGray image XObject whose uncompressed samples are seeded pseudo-random bytes
/// (incompressible, so no signer gets a shortcut), written by hand with a classic xref table.
/// </summary>
internal static class BenchPdf
{
    public static byte[] Create(int sizeMiB, int seed = 42)
    {
        if (sizeMiB < 1) throw new ArgumentOutOfRangeException(nameof(sizeMiB));
        const int width = 1024;
        var height = sizeMiB * 1024; // width × height bytes = sizeMiB MiB
        var samples = new byte[width * height];
        new Random(seed).NextBytes(samples);
        var content = Encoding.ASCII.GetBytes("q 480 0 0 720 57 61 cm /Im1 Do Q\nBT /F1 18 Tf 57 800 Td (Gateway signing benchmark) Tj ET\n");

        using var output = new MemoryStream(samples.Length + 4096);
        var offsets = new List<long>();
        Ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", latin1: true);
        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        Obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>");
        Stream("<< /Length " + content.Length.ToString(CultureInfo.InvariantCulture) + " >>", content);
        Obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Stream($"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {samples.Length} >>", samples);

        var xref = output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(samples.AsSpan(0, 4096)).AsSpan(0, 16));
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        Ascii(table.ToString());
        return output.ToArray();

        void Obj(string body)
        {
            offsets.Add(output.Position);
            Ascii($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        void Stream(string dictionary, byte[] data)
        {
            offsets.Add(output.Position);
            Ascii($"{offsets.Count} 0 obj\n{dictionary}\nstream\n");
            output.Write(data);
            Ascii("\nendstream\nendobj\n");
        }

        void Ascii(string text, bool latin1 = false) => output.Write((latin1 ? Encoding.Latin1 : Encoding.ASCII).GetBytes(text));
    }
}
