using Gateway.Pdf.Fonts;
using Gateway.Signing.Internal;
using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

public sealed class TrueTypeTests(ITestOutputHelper output)
{
    private static TrueTypeFont? Laksaman()
    {
        if (File.Exists(VisibleSignature.DefaultFontPath)) return TrueTypeFont.Load(VisibleSignature.DefaultFontPath);
        if (ExternalTool.InCi) Assert.Fail($"{VisibleSignature.DefaultFontPath} is required under CI=true (fonts-tlwg-laksaman-ttf)");
        return null;
    }

    [Fact]
    public void The_reader_maps_Latin_and_Thai_characters_and_reads_advances()
    {
        if (Laksaman() is not { } font) return;
        Assert.Equal(1000, font.UnitsPerEm);
        Assert.Equal("Laksaman", font.PostScriptName);

        var a = font.GlyphId('A');
        var ko = font.GlyphId('ก');
        var maiEk = font.GlyphId('\u0E48');
        Assert.NotEqual(0, a);
        Assert.NotEqual(0, ko);
        Assert.NotEqual(0, maiEk);
        Assert.NotEqual(a, ko);
        Assert.Equal(0, font.GlyphId(0x1F600)); // no emoji: .notdef
        output.WriteLine($"A -> {a} ({font.Advance(a)}), ก -> {ko} ({font.Advance(ko)}), ่ -> {maiEk} ({font.Advance(maiEk)})");

        Assert.InRange(font.Advance(a), 400, 800);
        Assert.InRange(font.Advance(ko), 400, 800);
        Assert.Equal(0, font.Advance(maiEk)); // combining marks do not advance
        Assert.Equal(font.Advance(a) * 1000.0 / font.UnitsPerEm, font.Advance1000(a));
        Assert.Equal(font.GlyphId('a') , font.GlyphId(0x61));
    }

    [Fact]
    public void The_subset_keeps_the_used_glyphs_with_their_ids_and_drops_the_rest()
    {
        if (Laksaman() is not { } font) return;
        var used = "ลงนามเมื่อ อนุมัติใบอนุญาต Agency 2569".EnumerateRunes().Select(r => font.GlyphId(r.Value)).Where(g => g != 0).ToHashSet();
        var subset = TrueTypeSubsetter.Subset(font, used);
        output.WriteLine($"subset of {used.Count} glyphs: {subset.Length} bytes of {font.Data.Length}");
        Assert.True(subset.Length < 40 * 1024);

        var parsed = new TrueTypeFont(subset);
        Assert.Equal(font.GlyphCount, parsed.GlyphCount);
        Assert.Equal(font.UnitsPerEm, parsed.UnitsPerEm);
        Assert.False(parsed.HasTable("cmap"));
        Assert.False(parsed.HasCharacterMap);
        var kept = font.Closure(used);
        for (var glyph = 0; glyph < font.GlyphCount; glyph++)
        {
            Assert.Equal(font.Advance(glyph), parsed.Advance(glyph));
            if (kept.Contains(glyph)) Assert.True(font.GlyphData(glyph).SequenceEqual(parsed.GlyphData(glyph)), $"glyph {glyph} changed");
            else Assert.True(parsed.GlyphData(glyph).IsEmpty, $"glyph {glyph} was not dropped");
        }
        Assert.Contains(0, kept);
        Assert.False(font.GlyphData(font.GlyphId('ก')).IsEmpty);

        // The whole-file checksum comes out as the sfnt magic number.
        uint sum = 0;
        for (var i = 0; i + 4 <= subset.Length; i += 4) sum = unchecked(sum + System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(subset.AsSpan(i)));
        Assert.Equal(0xB1B0AFBA, sum);
    }

    [Fact]
    public void Composite_glyphs_bring_their_components()
    {
        if (Laksaman() is not { } font) return;
        var composite = Enumerable.Range(0, font.GlyphCount).FirstOrDefault(g => font.Components(g).Count > 0);
        if (composite == 0) { output.WriteLine("the font has no composite glyphs"); return; }
        var closure = font.Closure([composite]);
        Assert.Contains(composite, closure);
        foreach (var component in font.Components(composite)) Assert.Contains(component, closure);
        var parsed = new TrueTypeFont(TrueTypeSubsetter.Subset(font, [composite]));
        foreach (var component in font.Components(composite))
            Assert.True(font.GlyphData(component).SequenceEqual(parsed.GlyphData(component)));
    }

    [Fact]
    public void Malformed_fonts_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => new TrueTypeFont([0, 1, 0, 0, 0, 1, 0, 0]));
        Assert.Throws<InvalidDataException>(() => new TrueTypeFont("OTTO\0\0\0\0"u8.ToArray()));
    }

    [Fact]
    public void Thai_time_is_in_the_Buddhist_era_at_Bangkok_time()
    {
        var time = new DateTimeOffset(2026, 12, 31, 20, 5, 0, TimeSpan.Zero);
        Assert.Equal("ลงนามเมื่อ 1 มกราคม พ.ศ. 2570 03:05 น.", SignatureAppearance.ThaiTime(time));
        Assert.Equal("2026-12-31T20:05:00Z", SignatureAppearance.UtcTime(time));
    }
}
