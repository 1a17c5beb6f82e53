using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// The unsigned document the attack tests start from, written byte by byte (classic xref). Two pages; page 1 has a
/// text field "Name" (value "Somchai", appearance object 9), a check box "Agree", and content in an optional content
/// group that is OFF; page 2 draws /X1, an XObject resource that points to object 500, which does not exist (a
/// dangling reference prepared before signing). Object 11 is a FreeText annotation on no page (a prepared overlay).
/// </summary>
internal static class TestDocuments
{
    public const int Catalog = 1, PageTree = 2, Page1 = 3, Content1 = 4, Font = 5, Page2 = 6, Content2 = 7, NameField = 8, NameAppearance = 9,
        AcroForm = 10, Overlay = 11, OverlayAppearance = 12, Layer = 13, AgreeField = 14, AgreeOn = 15, AgreeOff = 16, Info = 17, Dangling = 500;

    public const string Page1Text = "BT /F1 18 Tf 72 760 Td (Permit No. 2569/0001) Tj ET /OC /oc1 BDC BT /F1 12 Tf 72 700 Td (Hidden layer) Tj ET EMC";

    public static byte[] Base()
    {
        var pdf = new Builder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        pdf.Object(Catalog, "<< /Type /Catalog /Pages 2 0 R /AcroForm 10 0 R /OCProperties << /OCGs [13 0 R] /D << /OFF [13 0 R] >> >> >>");
        pdf.Object(PageTree, "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>");
        pdf.Object(Page1, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /Properties << /oc1 13 0 R >> >> /Annots [8 0 R 14 0 R] >>");
        pdf.Stream(Content1, "/Filter /FlateDecode", Deflate(Page1Text, CompressionLevel.Fastest));
        pdf.Object(Font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.Object(Page2, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 500 0 R >> >> >>");
        pdf.Stream(Content2, "", Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 760 Td (Page two) Tj ET q /X1 Do Q"));
        pdf.Object(NameField, "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Name) /V (Somchai) /Rect [72 600 272 620] /F 4 /P 3 0 R /DA (/Helv 12 Tf 0 g) /AP << /N 9 0 R >> >>");
        pdf.Stream(NameAppearance, "/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /Helv 5 0 R >> >>", Encoding.ASCII.GetBytes("/Tx BMC BT /Helv 12 Tf 2 5 Td (Somchai) Tj ET EMC"));
        pdf.Object(AcroForm, "<< /Fields [8 0 R 14 0 R] /DA (/Helv 12 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >>");
        pdf.Object(Overlay, "<< /Type /Annot /Subtype /FreeText /Rect [60 740 400 790] /Contents (Permit revoked) /DA (/Helv 24 Tf 1 0 0 rg) /AP << /N 12 0 R >> >>");
        pdf.Stream(OverlayAppearance, "/Type /XObject /Subtype /Form /BBox [0 0 340 50] /Resources << /Font << /Helv 5 0 R >> >>", Encoding.ASCII.GetBytes("1 1 1 rg 0 0 340 50 re f BT /Helv 24 Tf 1 0 0 rg 5 15 Td (Permit revoked) Tj ET"));
        pdf.Object(Layer, "<< /Type /OCG /Name (Hidden) >>");
        pdf.Object(AgreeField, "<< /Type /Annot /Subtype /Widget /FT /Btn /T (Agree) /V /Off /AS /Off /Rect [72 560 86 574] /F 4 /P 3 0 R /AP << /N << /Yes 15 0 R /Off 16 0 R >> >> >>");
        pdf.Stream(AgreeOn, "/Type /XObject /Subtype /Form /BBox [0 0 14 14]", Encoding.ASCII.GetBytes("0 0 14 14 re S 2 2 m 12 12 l S"));
        pdf.Stream(AgreeOff, "/Type /XObject /Subtype /Form /BBox [0 0 14 14]", Encoding.ASCII.GetBytes("0 0 14 14 re S"));
        pdf.Object(Info, "<< /Producer (Gateway tests) /Title (Permit) >>");
        var xref = pdf.Position;
        var last = pdf.Offsets.Keys.Max();
        var table = new StringBuilder($"xref\n0 {last + 1}\n0000000000 65535 f \n");
        for (var n = 1; n <= last; n++)
            table.Append(pdf.Offsets.TryGetValue(n, out var offset) ? offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n" : "0000000000 00000 f \n");
        pdf.Text(table.ToString());
        pdf.Text($"trailer\n<< /Size {last + 1} /Root 1 0 R /Info 17 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    public static byte[] Deflate(string text, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, level, leaveOpen: true)) z.Write(Encoding.ASCII.GetBytes(text));
        return buffer.ToArray();
    }

    internal sealed class Builder
    {
        private readonly MemoryStream _bytes = new();

        public Builder(string header) => Text(header);

        public SortedDictionary<int, long> Offsets { get; } = [];

        public long Position => _bytes.Length;

        public void Text(string text) => _bytes.Write(Encoding.Latin1.GetBytes(text));

        public void Object(int number, string body)
        {
            Offsets[number] = Position;
            Text($"{number} 0 obj\n{body}\nendobj\n");
        }

        public void Stream(int number, string dictionaryEntries, byte[] data)
        {
            Offsets[number] = Position;
            Text($"{number} 0 obj\n<< {dictionaryEntries} /Length {data.Length} >>\nstream\n");
            _bytes.Write(data);
            Text("\nendstream\nendobj\n");
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
