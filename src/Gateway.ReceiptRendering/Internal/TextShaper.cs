using Gateway.Pdf.Fonts;
using HarfBuzzSharp;
using HbBuffer = HarfBuzzSharp.Buffer;
using HbFont = HarfBuzzSharp.Font;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// Shapes text with HarfBuzz and the very font that is embedded, so that the glyph ids and positions it returns are
/// valid in the PDF. Thai runs are shaped as script Thai, language th (GSUB substitutions for tall consonants and
/// ญ/ฐ without descenders, GPOS mark-to-base and mark-to-mark: tone marks above upper vowels); other runs get the
/// script HarfBuzz guesses. Positions are in font units (the scale is set to the units per em).
/// </summary>
internal sealed class TextShaper : IDisposable
{
    private static readonly Language Thai = new("th");
    private readonly Blob _blob;
    private readonly Face _face;
    private readonly HbFont _font;

    public TextShaper(TrueTypeFont font)
    {
        Font = font;
        _blob = Blob.FromStream(new MemoryStream(font.Data, writable: false));
        _face = new Face(_blob, 0);
        _font = new HbFont(_face);
        _font.SetScale(font.UnitsPerEm, font.UnitsPerEm);
        _font.SetFunctionsOpenType();
    }

    public TrueTypeFont Font { get; }

    public ShapedRun Shape(string text)
    {
        var glyphs = new List<ShapedGlyph>(text.Length);
        foreach (var (start, length, thai) in Segments(text))
        {
            using var buffer = new HbBuffer();
            buffer.AddUtf16(text.AsSpan(start, length));
            buffer.Direction = Direction.LeftToRight;
            if (thai)
            {
                buffer.Script = Script.Thai;
                buffer.Language = Thai;
            }
            else
            {
                buffer.GuessSegmentProperties();
                buffer.Direction = Direction.LeftToRight;
            }
            _font.Shape(buffer);
            var infos = buffer.GetGlyphInfoSpan();
            var positions = buffer.GetGlyphPositionSpan();
            for (var i = 0; i < infos.Length; i++)
                glyphs.Add(new ShapedGlyph((int)infos[i].Codepoint, start + (int)infos[i].Cluster,
                    positions[i].XAdvance, positions[i].XOffset, positions[i].YOffset));
        }
        return new ShapedRun(text, glyphs, Font.UnitsPerEm);
    }

    /// <summary>
    /// Splits the text where it changes between Thai and other scripts. Spaces, digits and punctuation stay with the
    /// run they are in, so that a Thai phrase with a number in it is shaped as one.
    /// </summary>
    private static IEnumerable<(int Start, int Length, bool Thai)> Segments(string text)
    {
        var start = 0;
        bool? current = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bool? kind = IsThai(c) ? true : char.IsLetter(c) ? false : null;
            if (kind is null || kind == current) continue;
            if (current is not null)
            {
                yield return (start, i - start, current.Value);
                start = i;
            }
            current = kind;
        }
        if (text.Length > start) yield return (start, text.Length - start, current ?? false);
    }

    private static bool IsThai(char c) => c is >= '\u0E00' and <= '\u0E7F';

    public void Dispose()
    {
        _font.Dispose();
        _face.Dispose();
        _blob.Dispose();
    }
}
