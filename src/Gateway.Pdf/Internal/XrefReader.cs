namespace Gateway.Pdf.Internal;

/// <summary>Reads cross-reference sections: tables with their trailer (7.5.4, 7.5.5) and cross-reference streams (7.5.8).</summary>
internal sealed class XrefReader
{
    private readonly byte[] _data;
    private readonly PdfReadOptions _options;
    private readonly WorkBudget _work;
    private long _entryBudget;

    public XrefReader(byte[] data, PdfReadOptions options, WorkBudget work)
    {
        _data = data;
        _work = work;
        _options = options;
        _entryBudget = EntryBudget(data.Length, options.MaxObjects);
    }

    /// <summary>
    /// Slack for small files, beyond one entry per byte of the file: more entries than that describe objects the file
    /// cannot hold. Every object takes at least a byte of the file even compressed in an object stream, whereas a
    /// cross-reference stream of identical rows compresses to almost nothing: 10^6 entries in 20 KB cost the reader
    /// hundreds of MB (tests/Gateway.Integration.Tests/Hostile/HostileDocumentTests, "million-objects").
    /// </summary>
    private const long EntrySlack = 10_000;

    public static long EntryBudget(long fileLength, int maxObjects) => Math.Min(maxObjects, fileLength + EntrySlack);

    public XrefSection Read(long offset)
    {
        if (offset < 0 || offset >= _data.Length) throw new PdfFormatException("cross-reference offset outside the file", offset);
        var lexer = new Lexer(_data, (int)offset, budget: _work);
        lexer.SkipWhitespace();
        if (lexer.StartsWith("xref"u8))
        {
            lexer.Position += 4;
            return ReadTable(lexer, offset);
        }
        return ReadStream(lexer, offset);
    }

    private XrefSection ReadTable(Lexer lexer, long offset)
    {
        var entries = new Dictionary<int, XrefEntry>();
        while (true)
        {
            var token = lexer.Next();
            if (token.IsKeyword("trailer")) break;
            var countToken = lexer.Next();
            if (token.Kind != TokenKind.Integer || countToken.Kind != TokenKind.Integer)
                throw lexer.Error("expected an xref subsection header or \"trailer\"", token.Start);
            long first = token.Integer, count = countToken.Integer;
            // Entries take at least 18 bytes even when written carelessly; a count beyond that is a lie, not a reason to allocate.
            if (first < 0 || count < 0 || first + count > int.MaxValue || count > (lexer.End - lexer.Position) / 18 + 1)
                throw lexer.Error($"implausible xref subsection {first} {count}", token.Start);
            Spend(count, token.Start);
            for (long i = 0; i < count; i++)
            {
                var entryOffset = lexer.Next();
                var generation = lexer.Next();
                var type = lexer.Next();
                if (entryOffset.Kind != TokenKind.Integer || generation.Kind != TokenKind.Integer || type.Kind != TokenKind.Keyword || type.Keyword is not ("n" or "f"))
                    throw lexer.Error($"malformed xref entry for object {first + i}", entryOffset.Start);
                // A frequent producer bug numbers the first subsection from 1 although it starts with object 0's free entry.
                if (i == 0 && first == 1 && type.Keyword == "f" && generation.Integer == 65535 && entryOffset.Integer == 0) first = 0;
                var number = (int)(first + i);
                entries[number] = type.Keyword == "n"
                    ? new XrefEntry(1, entryOffset.Integer, (int)Math.Clamp(generation.Integer, 0, int.MaxValue))
                    : new XrefEntry(0, Math.Max(0, entryOffset.Integer), (int)Math.Clamp(generation.Integer, 0, int.MaxValue));
            }
        }
        var parser = new ObjectParser(lexer, _options.MaxNestingDepth);
        if (parser.ParseObject() is not PdfDictionary trailer) throw lexer.Error("trailer is not a dictionary");
        return new XrefSection(offset, XrefKind.Table, trailer, entries, lexer.Position);
    }

    private XrefSection ReadStream(Lexer lexer, long offset)
    {
        var parser = new ObjectParser(lexer, _options.MaxNestingDepth);
        var (number, _, value) = parser.ParseIndirectObject(null);
        if (value is not PdfStream stream || !stream.Dictionary[PdfName.Type].IsName(PdfName.XRef))
            throw new PdfFormatException($"object {number} at the cross-reference offset is not an xref stream", offset);
        var dictionary = stream.Dictionary;
        var where = $"in xref stream object {number} at byte offset {offset}";
        if (dictionary[PdfName.W] is not PdfArray { Count: 3 } w || w.Any(item => item is not PdfInteger { Value: >= 0 and <= 8 }))
            throw new PdfFormatException($"invalid /W {where}");
        var widths = w.Select(item => (int)((PdfInteger)item).Value).ToArray();
        var rowLength = widths.Sum();
        if (rowLength == 0) throw new PdfFormatException($"invalid /W {where}");

        var size = dictionary[PdfName.Size] is PdfInteger { Value: >= 0 and <= int.MaxValue } s ? s.Value : throw new PdfFormatException($"invalid /Size {where}");
        var index = dictionary[PdfName.Index] switch
        {
            PdfArray array when array.Count % 2 == 0 && array.All(item => item is PdfInteger { Value: >= 0 and <= int.MaxValue }) =>
                array.Select(item => ((PdfInteger)item).Value).ToArray(),
            null => [0, size],
            _ => throw new PdfFormatException($"invalid /Index {where}"),
        };
        var data = StreamDecoder.Decode(stream, o => o ?? PdfNull.Instance, _options.MaxDecodedStreamBytes, where);
        var rows = data.Length / rowLength;
        var entries = new Dictionary<int, XrefEntry>();
        var row = 0;
        for (var pair = 0; pair < index.Length; pair += 2)
        {
            long first = index[pair], count = Math.Min(index[pair + 1], rows - row);
            if (first + count > int.MaxValue) throw new PdfFormatException($"invalid /Index {where}");
            Spend(count, offset);
            for (long i = 0; i < count; i++, row++)
            {
                var p = row * rowLength;
                // 7.5.8.2: a zero-width type field means type 1.
                var type = widths[0] == 0 ? 1 : Field(data, p, widths[0]);
                var field2 = Field(data, p + widths[0], widths[1]);
                var field3 = Field(data, p + widths[0] + widths[1], widths[2]);
                var objectNumber = (int)(first + i);
                switch (type)
                {
                    case 0: entries[objectNumber] = new XrefEntry(0, field2, (int)Math.Min(field3, int.MaxValue)); break;
                    case 1: entries[objectNumber] = new XrefEntry(1, field2, (int)Math.Min(field3, int.MaxValue)); break;
                    case 2 when field2 <= int.MaxValue: entries[objectNumber] = new XrefEntry(2, field2, (int)Math.Min(field3, int.MaxValue)); break;
                    // Other types are reserved and read as null references (7.5.8.3).
                }
            }
        }
        return new XrefSection(offset, XrefKind.Stream, dictionary, entries, lexer.Position);
    }

    private void Spend(long count, long where)
    {
        _entryBudget -= count;
        if (_entryBudget < 0)
            throw new PdfFormatException($"more than {EntryBudget(_data.Length, _options.MaxObjects)} cross-reference entries (at most {_options.MaxObjects}, and one per byte of the file)", where);
    }

    private static long Field(byte[] data, int position, int width)
    {
        long value = 0;
        for (var i = 0; i < width; i++) value = value << 8 | data[position + i];
        // Eight-byte fields can exceed long; such values are nonsense offsets and are rejected by their users.
        return value < 0 ? long.MaxValue : value;
    }
}
