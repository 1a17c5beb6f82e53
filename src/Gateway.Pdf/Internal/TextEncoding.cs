using System.Text;

namespace Gateway.Pdf.Internal;

/// <summary>Text strings (ISO 32000-1 7.9.2.2, ISO 32000-2 adds UTF-8 with its BOM).</summary>
internal static class TextEncoding
{
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

    public static byte[] EncodeUtf16BeWithBom(string text)
    {
        var bytes = new byte[2 + Utf16Be.GetByteCount(text)];
        bytes[0] = 0xFE;
        bytes[1] = 0xFF;
        Utf16Be.GetBytes(text, 0, text.Length, bytes, 2);
        return bytes;
    }

    public static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Utf16Be.GetString(bytes, 2, (bytes.Length - 2) & ~1);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        return PdfDocEncoding.Decode(bytes);
    }
}
