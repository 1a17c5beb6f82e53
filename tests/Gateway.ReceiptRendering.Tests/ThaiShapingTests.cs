using Xunit.Abstractions;

namespace Gateway.ReceiptRendering.Tests;

/// <summary>
/// Thai as poppler draws it: a word with stacked marks rasterised alone. Above the consonant's top, a shaped word has
/// two separate bands of ink, the upper vowel (or NIKHAHIT) and the tone mark above it; the same word drawn with each
/// character's own glyph (no shaping, as the signature appearance draws) puts the tone mark onto the vowel.
/// </summary>
public sealed class ThaiShapingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new("gw-shaping");

    public void Dispose() => _folder.Dispose();

    private bool Tools() =>
        ExternalTool.Require("pdftoppm", output) && ExternalTool.Require("pdftotext", output) && FontPresent();

    private static bool FontPresent()
    {
        if (File.Exists(ReceiptRenderOptions.DefaultFontPath)) return true;
        if (ExternalTool.InCi) Assert.Fail($"{ReceiptRenderOptions.DefaultFontPath} is required under CI=true (fonts-tlwg-laksaman-ttf)");
        return false;
    }

    /// <param name="word">A consonant of x-height with an upper vowel (or SARA AM's NIKHAHIT) and a tone mark.</param>
    /// <param name="consonant">The word's consonant alone: its top row is where the marks' zone begins.</param>
    [Theory]
    [InlineData("ที่", "ท")]
    [InlineData("น้ำ", "น")]
    [InlineData("ยื่น", "ย")]
    public void The_tone_mark_sits_above_the_upper_vowel_without_touching_it(string word, string consonant)
    {
        if (!Tools()) return;
        var consonantTop = Array.IndexOf(WordSample.Rows(WordSample.Raster(_folder, consonant, shaped: true)), true);
        var rows = WordSample.Rows(WordSample.Raster(_folder, word, shaped: true));
        var bands = WordSample.Bands(rows, 0, consonantTop - 1);
        output.WriteLine($"{word}: consonant top row {consonantTop}; ink bands above it {string.Join(", ", bands)}");

        Assert.Equal(2, bands.Count);
        var (tone, vowel) = (bands[0], bands[1]);
        Assert.True(tone.Last < vowel.First, $"the tone mark's ink (rows {tone}) must end above the vowel's (rows {vowel})");
    }

    /// <summary>
    /// On a tall consonant (ป) the marks must move left of its ascender. Laksaman's nominal marks are placed for
    /// ordinary consonants, so drawn unshaped they land on the ascender: the control that shows the check can fail.
    /// </summary>
    [Fact]
    public void Marks_on_a_tall_consonant_clear_its_ascender()
    {
        if (!Tools()) return;
        var xHeight = Array.IndexOf(WordSample.Rows(WordSample.Raster(_folder, "น", shaped: true)), true);
        List<(int, int)> Runs(bool shaped)
        {
            var ink = WordSample.Raster(_folder, "ปี่", shaped);
            var top = Array.IndexOf(WordSample.Rows(ink), true);
            return WordSample.Bands(WordSample.Columns(ink, top, xHeight - 1), 0, ink.GetLength(1));
        }
        var shaped = Runs(shaped: true);
        var plain = Runs(shaped: false);
        output.WriteLine($"ปี่ above x-height (row {xHeight}): shaped column runs {string.Join(", ", shaped)}; unshaped {string.Join(", ", plain)}");
        Assert.Equal(2, shaped.Count); // the marks, then the ascender, with blank columns between
        Assert.Single(plain);
    }

    /// <summary>A tone mark with no upper vowel is lowered to just above the consonant; unshaped it floats at the vowel's height.</summary>
    [Fact]
    public void A_lone_tone_mark_is_lowered()
    {
        if (!Tools()) return;
        var shapedTop = Array.IndexOf(WordSample.Rows(WordSample.Raster(_folder, "ก่", shaped: true)), true);
        var plainTop = Array.IndexOf(WordSample.Rows(WordSample.Raster(_folder, "ก่", shaped: false)), true);
        output.WriteLine($"ก่: top ink row shaped {shapedTop}, unshaped {plainTop}");
        Assert.True(shapedTop > plainTop + 5, $"shaped top row {shapedTop} should be well below the unshaped {plainTop}");
    }

    [Theory]
    [InlineData("ที่")]
    [InlineData("น้ำ")]
    [InlineData("ปี่")]
    [InlineData("ใบรับ หลักฐานการรับ")]
    public void A_shaped_word_is_extracted_in_logical_order(string word)
    {
        if (!Tools()) return;
        var pdf = _folder.File($"extract-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(pdf, WordSample.Pdf(word, shaped: true));
        var text = ExternalTool.Run("pdftotext", [pdf, "-"]);
        Assert.Equal(word, text.StandardOutput.Trim('\f', '\n', ' '));
    }
}
