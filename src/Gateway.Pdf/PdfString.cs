using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>A string object: bytes, not text. <see cref="FromText"/> and <see cref="ToText"/> apply the text string rules of ISO 32000-1 7.9.2.2.</summary>
public sealed class PdfString : PdfObject
{
    private readonly byte[] _bytes;

    public PdfString(byte[] bytes, bool hex = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
        Hex = hex;
    }

    /// <summary>The bytes as decoded from the file (escapes resolved). Do not modify.</summary>
    public byte[] Bytes => _bytes;

    public bool Hex { get; }

    /// <summary>PDFDocEncoding when every character has a code there; otherwise UTF-16BE with a byte order mark (Thai needs this).</summary>
    public static PdfString FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PdfString(PdfDocEncoding.TryEncode(text) ?? TextEncoding.EncodeUtf16BeWithBom(text));
    }

    public string ToText() => TextEncoding.Decode(_bytes);
}
