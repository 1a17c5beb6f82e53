using System.Globalization;
using System.Text;
using Gateway.Pdf.Fonts;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// Writes a shaped run as a text object. Each glyph goes exactly where HarfBuzz put it: horizontal differences
/// between the shaped pen and the pen the PDF viewer advances by the /W widths become TJ adjustments, vertical
/// offsets become a text rise (Ts). Text extraction: glyphs that match their characters one for one get /ToUnicode
/// entries, and every cluster of more than one glyph is also wrapped in a /Span with /ActualText. The span is needed
/// even when the glyphs map one for one: a zero-width mark starts where the next glyph starts, and poppler takes two
/// glyphs at one position for a duplicate (fake bold) and breaks the word there ("ที่" came out as "ที ่"); for an
/// /ActualText span it spreads the characters over the cluster's width instead. It also carries the clusters a CMap
/// cannot express: SARA AM decomposed into NIKHAHIT + SARA AA, marks reordered, a glyph shared by two texts.
/// </summary>
internal static class ShapedTextOperators
{
    public static void Append(StringBuilder ops, Type0FontWriter font, string fontName, ShapedRun run, double size, double x, double y)
    {
        ops.Append("BT /").Append(fontName).Append(' ').Append(Number(size)).Append(" Tf ")
           .Append(Number(x)).Append(' ').Append(Number(y)).Append(" Td\n");
        var scale = 1000.0 / run.UnitsPerEm;
        double shapedPen = 0, pdfPen = 0, rise = 0; // pens in thousandths of the em
        var tj = new StringBuilder();

        void Flush()
        {
            if (tj.Length == 0) return;
            ops.Append('[').Append(tj).Append("] TJ\n");
            tj.Clear();
        }

        foreach (var (text, glyphs) in run.Clusters())
        {
            var actualText = !MapsOneForOne(font, text, glyphs) || glyphs.Length > 1;
            if (actualText)
            {
                Flush();
                ops.Append("/Span <</ActualText <FEFF").Append(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))).Append(">>> BDC\n");
            }
            foreach (var glyph in glyphs)
            {
                var targetRise = glyph.YOffset * size / run.UnitsPerEm;
                if (Math.Abs(targetRise - rise) > 0.0005)
                {
                    Flush();
                    ops.Append(Number(targetRise)).Append(" Ts\n");
                    rise = targetRise;
                }
                var target = shapedPen + glyph.XOffset * scale;
                var adjustment = pdfPen - target; // TJ numbers move the pen left by thousandths of the em
                if (Math.Abs(adjustment) > 0.05) tj.Append(Number(adjustment)).Append(' ');
                tj.Append('<').Append(glyph.Glyph.ToString("X4", CultureInfo.InvariantCulture)).Append('>');
                pdfPen = target + font.Font.Advance1000(glyph.Glyph);
                shapedPen += glyph.XAdvance * scale;
            }
            if (actualText)
            {
                // poppler spans the text from the first glyph's origin to the last glyph's end; where marks were
                // shifted left (on ป, ฝ, ฟ) that end falls short of the cluster's advance and pdftotext would see a
                // space before the next character. An invisible (Tr 3) copy of the last glyph ending at the
                // cluster's advance closes the span where the next cluster begins.
                if (pdfPen < shapedPen - 0.5)
                {
                    var last = glyphs[^1].Glyph;
                    var target = shapedPen - font.Font.Advance1000(last);
                    tj.Append(Number(pdfPen - target)).Append(' ');
                    Flush();
                    ops.Append("3 Tr [<").Append(last.ToString("X4", CultureInfo.InvariantCulture)).Append(">] TJ 0 Tr\n");
                    pdfPen = shapedPen;
                }
                Flush();
                ops.Append("EMC\n");
            }
        }
        Flush();
        if (rise != 0) ops.Append("0 Ts\n");
        ops.Append("ET\n");
    }

    /// <summary>
    /// Whether each glyph can carry its own character in /ToUnicode: as many glyphs as characters, each the font's
    /// own glyph for the character at its place or a substitute no character of the cluster maps to (so a reordering
    /// is never mistaken for a substitution). Records the glyphs either way.
    /// </summary>
    private static bool MapsOneForOne(Type0FontWriter font, string text, ShapedGlyph[] glyphs)
    {
        var characters = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var nominal = characters.Select(c => font.Font.GlyphId(Rune.GetRuneAt(c, 0).Value)).ToArray();
        var oneForOne = characters.Length == glyphs.Length
            && glyphs.Select((g, i) => g.Glyph == nominal[i] || !nominal.Contains(g.Glyph)).All(ok => ok);
        for (var i = 0; i < glyphs.Length; i++)
            oneForOne &= font.Use(glyphs[i].Glyph, oneForOne ? characters[i] : null) && glyphs[i].Glyph != 0;
        return oneForOne;
    }

    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
