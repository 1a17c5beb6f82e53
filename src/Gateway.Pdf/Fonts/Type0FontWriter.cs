using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Pdf.Fonts;

/// <summary>
/// Embeds the glyphs some text uses as a Type0 font: /Identity-H encoding, a CIDFontType2 descendant
/// with /CIDToGIDMap /Identity (so a glyph id is its CID), /W widths for the glyphs used, a
/// /ToUnicode CMap for text extraction, and a TrueType subset as /FontFile2. <see cref="Encode"/> places
/// glyphs in logical order with their own advances (no shaping: Thai marks have zero advance and sit
/// where the font's outline puts them); a shaper places glyphs itself and records them with <see cref="Use"/>.
/// </summary>
public sealed class Type0FontWriter(TrueTypeFont font)
{
    private readonly SortedSet<int> _glyphs = [];
    private readonly SortedDictionary<int, string> _unicode = [];

    public TrueTypeFont Font => font;

    /// <summary>The text as a hex string of 2-byte glyph ids for Tj, recording the glyphs used.</summary>
    public string Encode(string text)
    {
        var hex = new StringBuilder("<");
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune)) continue;
            var glyph = font.GlyphId(rune.Value);
            if (glyph != 0) Use(glyph, rune.ToString());
            hex.Append(glyph.ToString("X4", CultureInfo.InvariantCulture));
        }
        return hex.Append('>').ToString();
    }

    /// <summary>Width of the text at 1 pt.</summary>
    public double Measure(string text) =>
        text.EnumerateRunes().Where(r => !Rune.IsControl(r)).Sum(r => font.Advance1000(font.GlyphId(r.Value))) / 1000.0;

    /// <summary>
    /// Records a glyph for the subset and, when <paramref name="text"/> is given, its /ToUnicode entry. A CMap maps a
    /// glyph to one text only: false means the glyph already stands for other text (a shaped glyph shared by two
    /// clusters), and the caller must give the text another way (an /ActualText span).
    /// </summary>
    public bool Use(int glyph, string? text)
    {
        if (glyph <= 0 || glyph >= font.GlyphCount) return false;
        _glyphs.Add(glyph);
        if (string.IsNullOrEmpty(text)) return true;
        return _unicode.TryAdd(glyph, text) || _unicode[glyph] == text;
    }

    /// <summary>The text a glyph's /ToUnicode entry gives; null when none was recorded.</summary>
    public string? UnicodeOf(int glyph) => _unicode.GetValueOrDefault(glyph);

    public PdfReference Write(IPdfObjectTarget update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var name = new PdfName(Tag() + "+" + font.PostScriptName);
        var subset = TrueTypeSubsetter.Subset(font, _glyphs);
        var fontFile = new PdfStream(new PdfDictionary
        {
            ["Length1"] = new PdfInteger(subset.Length),
            ["Filter"] = PdfName.FlateDecode,
        }, Deflate(subset));

        double Scale(int units) => Math.Round(units * 1000.0 / font.UnitsPerEm);
        var descriptor = new PdfDictionary
        {
            ["Type"] = new PdfName("FontDescriptor"),
            ["FontName"] = name,
            ["Flags"] = new PdfInteger(32),
            ["FontBBox"] = new PdfArray([new PdfReal(Scale(font.XMin)), new PdfReal(Scale(font.YMin)), new PdfReal(Scale(font.XMax)), new PdfReal(Scale(font.YMax))]),
            ["ItalicAngle"] = new PdfReal(font.ItalicAngle),
            ["Ascent"] = new PdfReal(Scale(font.Ascender)),
            ["Descent"] = new PdfReal(Scale(font.Descender)),
            ["CapHeight"] = new PdfReal(Scale(font.CapHeight)),
            ["StemV"] = new PdfInteger(80),
            ["FontFile2"] = update.Add(fontFile),
        };

        var widths = new PdfArray();
        foreach (var glyph in _glyphs)
        {
            widths.Add(new PdfInteger(glyph));
            widths.Add(new PdfArray([new PdfInteger((long)Math.Round(font.Advance1000(glyph)))]));
        }
        var cidFont = new PdfDictionary
        {
            ["Type"] = new PdfName("Font"),
            ["Subtype"] = new PdfName("CIDFontType2"),
            ["BaseFont"] = name,
            ["CIDSystemInfo"] = new PdfDictionary
            {
                ["Registry"] = PdfString.FromText("Adobe"),
                ["Ordering"] = PdfString.FromText("Identity"),
                ["Supplement"] = new PdfInteger(0),
            },
            ["FontDescriptor"] = update.Add(descriptor),
            ["DW"] = new PdfInteger(1000),
            ["W"] = widths,
            ["CIDToGIDMap"] = new PdfName("Identity"),
        };

        var toUnicode = new PdfStream(new PdfDictionary { ["Filter"] = PdfName.FlateDecode }, Deflate(Encoding.ASCII.GetBytes(ToUnicodeCMap())));
        var type0 = new PdfDictionary
        {
            ["Type"] = new PdfName("Font"),
            ["Subtype"] = new PdfName("Type0"),
            ["BaseFont"] = name,
            ["Encoding"] = new PdfName("Identity-H"),
            ["DescendantFonts"] = new PdfArray([update.Add(cidFont)]),
            ["ToUnicode"] = update.Add(toUnicode),
        };
        return update.Add(type0);
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    private string ToUnicodeCMap()
    {
        var cmap = new StringBuilder();
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in _unicode.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (glyph, text) in chunk)
                cmap.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.ToString();
    }

    /// <summary>The six-letter subset tag, derived from the glyphs so that the same text gives the same font.</summary>
    private string Tag()
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(font.PostScriptName + ":" + string.Join(',', _glyphs)));
        return new string(hash.Take(6).Select(b => (char)('A' + b % 26)).ToArray());
    }
}
