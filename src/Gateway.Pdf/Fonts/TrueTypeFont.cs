using System.Buffers.Binary;
using System.Text;

namespace Gateway.Pdf.Fonts;

/// <summary>
/// The parts of a TrueType (glyf-outline) font that embedding needs: the table directory, metrics,
/// the character map (formats 4 and 12), glyph locations and composite-glyph components.
/// </summary>
public sealed class TrueTypeFont
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables = new(StringComparer.Ordinal);
    private readonly ushort[] _advances;
    private readonly int[] _loca;
    private readonly Dictionary<int, int> _cmap = [];

    public TrueTypeFont(byte[] data)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        try
        {
            var version = U32(0);
            if (version is not (0x00010000 or 0x74727565))
                throw new InvalidDataException("not a TrueType font (sfnt version " + version.ToString("X8") + ")");
            int count = U16(4);
            for (var i = 0; i < count; i++)
            {
                var record = 12 + 16 * i;
                var tag = Encoding.ASCII.GetString(_data, record, 4);
                var offset = checked((int)U32(record + 8));
                var length = checked((int)U32(record + 12));
                if (offset < 0 || length < 0 || offset + length > _data.Length) throw new InvalidDataException($"table '{tag}' lies outside the file");
                _tables[tag] = (offset, length);
            }
            foreach (var required in new[] { "head", "hhea", "maxp", "hmtx", "loca", "glyf" })
                if (!_tables.ContainsKey(required)) throw new InvalidDataException($"the font has no '{required}' table");

            var head = Table("head");
            UnitsPerEm = U16(head + 18);
            XMin = S16(head + 36);
            YMin = S16(head + 38);
            XMax = S16(head + 40);
            YMax = S16(head + 42);
            var longLoca = S16(head + 50) == 1;
            var hhea = Table("hhea");
            Ascender = S16(hhea + 4);
            Descender = S16(hhea + 6);
            int metrics = U16(hhea + 34);
            GlyphCount = U16(Table("maxp") + 4);

            var hmtx = Table("hmtx");
            _advances = new ushort[GlyphCount];
            for (var g = 0; g < GlyphCount; g++)
                _advances[g] = U16(hmtx + 4 * Math.Min(g, metrics - 1));

            var loca = Table("loca");
            _loca = new int[GlyphCount + 1];
            for (var g = 0; g <= GlyphCount; g++)
                _loca[g] = longLoca ? checked((int)U32(loca + 4 * g)) : U16(loca + 2 * g) * 2;

            CapHeight = Ascender;
            if (_tables.TryGetValue("OS/2", out var os2) && os2.Length >= 90 && U16(os2.Offset) >= 2) CapHeight = S16(os2.Offset + 88);
            if (_tables.TryGetValue("post", out var post) && post.Length >= 8) ItalicAngle = S32(post.Offset + 4) / 65536.0;
            PostScriptName = ReadPostScriptName() ?? "Font";
            if (_tables.ContainsKey("cmap")) ReadCmap();
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException("the TrueType font is truncated or malformed", e);
        }
    }

    public static TrueTypeFont Load(string path) => new(File.ReadAllBytes(path));

    public byte[] Data => _data;
    public int UnitsPerEm { get; }
    public int GlyphCount { get; }
    public short XMin { get; }
    public short YMin { get; }
    public short XMax { get; }
    public short YMax { get; }
    public short Ascender { get; }
    public short Descender { get; }
    public short CapHeight { get; }
    public double ItalicAngle { get; }
    public string PostScriptName { get; }
    public IEnumerable<string> TableTags => _tables.Keys;

    /// <summary>Whether the font maps any characters (subsets written for PDF embedding need not).</summary>
    public bool HasCharacterMap => _cmap.Count > 0;

    /// <summary>The glyph for a code point; 0 (.notdef) when the font has none.</summary>
    public int GlyphId(int codePoint) => _cmap.TryGetValue(codePoint, out var glyph) && glyph < GlyphCount ? glyph : 0;

    /// <summary>Advance width in font units.</summary>
    public int Advance(int glyph) => glyph >= 0 && glyph < GlyphCount ? _advances[glyph] : 0;

    /// <summary>Advance width in thousandths of the em (PDF glyph space).</summary>
    public double Advance1000(int glyph) => Advance(glyph) * 1000.0 / UnitsPerEm;

    public bool HasTable(string tag) => _tables.ContainsKey(tag);

    public ReadOnlySpan<byte> TableData(string tag) =>
        _tables.TryGetValue(tag, out var t) ? _data.AsSpan(t.Offset, t.Length) : ReadOnlySpan<byte>.Empty;

    /// <summary>The glyph's outline bytes (empty for glyphs without contours).</summary>
    public ReadOnlySpan<byte> GlyphData(int glyph)
    {
        if (glyph < 0 || glyph >= GlyphCount) return ReadOnlySpan<byte>.Empty;
        var start = _loca[glyph];
        var end = _loca[glyph + 1];
        if (end <= start) return ReadOnlySpan<byte>.Empty;
        var glyf = _tables["glyf"];
        if (end > glyf.Length) throw new InvalidDataException($"glyph {glyph} lies outside the glyf table");
        return _data.AsSpan(glyf.Offset + start, end - start);
    }

    /// <summary>The glyphs a composite glyph refers to (directly); none for simple glyphs.</summary>
    public IReadOnlyList<int> Components(int glyph)
    {
        var data = GlyphData(glyph);
        if (data.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(data) >= 0) return [];
        var result = new List<int>();
        var p = 10;
        while (p + 4 <= data.Length)
        {
            var flags = BinaryPrimitives.ReadUInt16BigEndian(data[p..]);
            result.Add(BinaryPrimitives.ReadUInt16BigEndian(data[(p + 2)..]));
            p += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            if ((flags & 0x0008) != 0) p += 2;
            else if ((flags & 0x0040) != 0) p += 4;
            else if ((flags & 0x0080) != 0) p += 8;
            if ((flags & 0x0020) == 0) break;
        }
        return result;
    }

    /// <summary>The glyphs together with every component they use, transitively, and .notdef.</summary>
    public SortedSet<int> Closure(IEnumerable<int> glyphs)
    {
        var result = new SortedSet<int>();
        var pending = new Stack<int>(glyphs.Prepend(0));
        while (pending.Count > 0)
        {
            var glyph = pending.Pop();
            if (glyph < 0 || glyph >= GlyphCount || !result.Add(glyph)) continue;
            foreach (var component in Components(glyph))
                if (!result.Contains(component)) pending.Push(component);
        }
        return result;
    }

    private int Table(string tag) => _tables[tag].Offset;

    private void ReadCmap()
    {
        var cmap = Table("cmap");
        int count = U16(cmap + 2);
        int best4 = -1, best12 = -1;
        for (var i = 0; i < count; i++)
        {
            var record = cmap + 4 + 8 * i;
            int platform = U16(record), encoding = U16(record + 2);
            var sub = cmap + checked((int)U32(record + 4));
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            if (!unicode) continue;
            var format = U16(sub);
            if (format == 4 && best4 < 0) best4 = sub;
            if (format == 12 && best12 < 0) best12 = sub;
        }
        if (best4 < 0 && best12 < 0) throw new InvalidDataException("the font has no Unicode cmap (format 4 or 12)");
        if (best4 >= 0) ReadFormat4(best4);
        if (best12 >= 0) ReadFormat12(best12);
    }

    private void ReadFormat4(int sub)
    {
        var segments = U16(sub + 6) / 2;
        var ends = sub + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var rangeOffsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int end = U16(ends + 2 * s), start = U16(starts + 2 * s);
            var delta = S16(deltas + 2 * s);
            var rangeOffsetPosition = rangeOffsets + 2 * s;
            int rangeOffset = U16(rangeOffsetPosition);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    glyph = U16(rangeOffsetPosition + rangeOffset + 2 * (c - start));
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) _cmap[c] = glyph;
            }
        }
    }

    private void ReadFormat12(int sub)
    {
        var groups = checked((int)U32(sub + 12));
        for (var i = 0; i < groups; i++)
        {
            var group = sub + 16 + 12 * i;
            long start = U32(group), end = U32(group + 4), glyph = U32(group + 8);
            if (end - start > 0x10FFFF) continue;
            for (var c = start; c <= end && c <= 0x10FFFF; c++)
                if (glyph + (c - start) is var g && g != 0 && g < GlyphCount) _cmap[(int)c] = (int)g;
        }
    }

    private string? ReadPostScriptName()
    {
        if (!_tables.TryGetValue("name", out var name)) return null;
        var t = name.Offset;
        int count = U16(t + 2), strings = t + U16(t + 4);
        for (var i = 0; i < count; i++)
        {
            var record = t + 6 + 12 * i;
            int platform = U16(record), nameId = U16(record + 6), length = U16(record + 8), offset = U16(record + 10);
            if (nameId != 6 || strings + offset + length > _data.Length) continue;
            var text = platform is 0 or 3
                ? Encoding.BigEndianUnicode.GetString(_data, strings + offset, length)
                : Encoding.Latin1.GetString(_data, strings + offset, length);
            var clean = new string(text.Where(ch => ch > ' ' && ch < 127 && "[](){}<>/%#".IndexOf(ch) < 0).ToArray());
            if (clean.Length > 0) return clean;
        }
        return null;
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset, 2));
    private short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(offset, 2));
    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset, 4));
    private int S32(int offset) => BinaryPrimitives.ReadInt32BigEndian(_data.AsSpan(offset, 4));
}
