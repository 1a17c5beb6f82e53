using System.Buffers.Binary;
using System.Text;

namespace Gateway.Pdf.Fonts;

/// <summary>
/// Writes a TrueType subset for embedding as a CIDFontType2 with /CIDToGIDMap /Identity: glyph ids
/// stay as they are, glyphs not kept (with their composite components) become empty. The cmap is
/// left out (the PDF maps CIDs to glyphs itself), post becomes version 3 (no glyph names), and the
/// tables the rasteriser still needs (hinting programs, OS/2, name) are copied.
/// </summary>
public static class TrueTypeSubsetter
{
    private static readonly string[] Copied = ["OS/2", "cvt ", "fpgm", "hhea", "hmtx", "maxp", "name", "prep", "gasp"];

    public static byte[] Subset(TrueTypeFont font, IEnumerable<int> glyphs)
    {
        var keep = font.Closure(glyphs);
        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

        // glyf and loca (long offsets), every glyph 4-byte aligned.
        using var glyf = new MemoryStream();
        var loca = new byte[4 * (font.GlyphCount + 1)];
        for (var g = 0; g < font.GlyphCount; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * g), (uint)glyf.Length);
            if (!keep.Contains(g)) continue;
            var data = font.GlyphData(g);
            glyf.Write(data);
            while (glyf.Length % 4 != 0) glyf.WriteByte(0);
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * font.GlyphCount), (uint)glyf.Length);
        tables["glyf"] = glyf.ToArray();
        tables["loca"] = loca;

        var head = font.TableData("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set below
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // indexToLocFormat: long
        tables["head"] = head;

        var post = new byte[32];
        var originalPost = font.TableData("post");
        if (originalPost.Length >= 32) originalPost[..32].CopyTo(post);
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
        tables["post"] = post;

        foreach (var tag in Copied)
            if (font.HasTable(tag)) tables[tag] = font.TableData(tag).ToArray();

        var result = Assemble(tables);
        var adjustment = unchecked(0xB1B0AFBA - Checksum(result));
        var headOffset = TableOffset(result, "head");
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(headOffset + 8), adjustment);
        return result;
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = (1 << entrySelector) * 16;
        var headerLength = 12 + 16 * count;
        var total = headerLength + tables.Values.Sum(t => Padded(t.Length));
        var output = new byte[total];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(count * 16 - searchRange));
        var offset = headerLength;
        var i = 0;
        foreach (var (tag, data) in tables)
        {
            var record = span[(12 + 16 * i++)..];
            Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(span[offset..]);
            offset += Padded(data.Length);
        }
        return output;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        if (i < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            data[i..].CopyTo(last);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(last));
        }
        return sum;
    }

    private static int TableOffset(byte[] font, string tag)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = 12 + 16 * i;
            if (Encoding.ASCII.GetString(font, record, 4) == tag) return (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 8));
        }
        throw new InvalidOperationException($"no '{tag}' table");
    }
}
