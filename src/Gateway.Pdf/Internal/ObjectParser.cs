namespace Gateway.Pdf.Internal;

/// <summary>Builds objects from tokens (ISO 32000-1 7.3), including indirect objects and their streams (7.3.8).</summary>
internal sealed class ObjectParser
{
    private readonly Lexer _lexer;
    private readonly int _maxDepth;

    public ObjectParser(Lexer lexer, int maxDepth)
    {
        _lexer = lexer;
        _maxDepth = maxDepth;
    }

    public Lexer Lexer => _lexer;

    public PdfObject ParseObject() => FromToken(_lexer.Next(), 0);

    /// <summary>
    /// Reads "N G obj" at the current position. Returns the number, generation and the object; a dictionary followed by
    /// "stream" becomes a stream whose data ends at /Length when that is plausible, otherwise just before "endstream".
    /// </summary>
    public (int Number, int Generation, PdfObject Value) ParseIndirectObject(Func<PdfReference, long?>? resolveLength)
    {
        var header = _lexer.Position;
        var number = _lexer.Next();
        var generation = _lexer.Next();
        var keyword = _lexer.Next();
        if (number.Kind != TokenKind.Integer || generation.Kind != TokenKind.Integer || !keyword.IsKeyword("obj")
            || number.Integer is < 0 or > int.MaxValue || generation.Integer is < 0 or > int.MaxValue)
            throw _lexer.Error("expected \"N G obj\"", header);
        var value = ParseObject();
        if (KeywordFollows("stream"u8))
        {
            if (value is not PdfDictionary dictionary) throw _lexer.Error($"stream keyword after a non-dictionary in object {number.Integer}");
            value = ReadStreamData(dictionary, (int)number.Integer, resolveLength);
        }
        // A missing "endobj" is common and harmless: every parse starts from an offset anyway.
        KeywordFollows("endobj"u8);
        return ((int)number.Integer, (int)generation.Integer, value);
    }

    private PdfStream ReadStreamData(PdfDictionary dictionary, int number, Func<PdfReference, long?>? resolveLength)
    {
        var data = _lexer.Data;
        var p = _lexer.Position;
        // 7.3.8.1: "stream" is followed by CRLF or LF; a lone CR is tolerated.
        if (p < _lexer.End && data[p] == '\r') p++;
        if (p < _lexer.End && data[p] == '\n') p++;
        var start = p;

        long? length = dictionary[PdfName.Length] switch
        {
            PdfInteger integer => integer.Value,
            PdfReference reference when resolveLength is not null => resolveLength(reference),
            _ => null,
        };
        if (length is { } declared && declared >= 0 && declared <= _lexer.End - start && EndstreamFollows(start + (int)declared))
            return new PdfStream(dictionary, data.AsSpan(start, (int)declared).ToArray());

        var found = data.AsSpan(start, _lexer.End - start).IndexOf("endstream"u8);
        _lexer.Spend(found < 0 ? _lexer.End - start : found);
        if (found < 0) throw _lexer.Error($"stream of object {number} has no endstream", start);
        var end = start + found;
        _lexer.Position = end + "endstream".Length;
        // The end-of-line before "endstream" is not data (7.3.8.1).
        if (end > start && data[end - 1] == '\n') end--;
        if (end > start && data[end - 1] == '\r') end--;
        return new PdfStream(dictionary, data.AsSpan(start, end - start).ToArray());
    }

    /// <summary>Consumes the keyword when it comes next; looks at bytes only, so garbage after an object is no error.</summary>
    private bool KeywordFollows(ReadOnlySpan<byte> keyword)
    {
        var saved = _lexer.Position;
        _lexer.SkipWhitespace();
        var p = _lexer.Position + keyword.Length;
        if (_lexer.StartsWith(keyword) && (p >= _lexer.End || !CharClass.IsRegular(_lexer.Data[p])))
        {
            _lexer.Position = p;
            return true;
        }
        _lexer.Position = saved;
        return false;
    }

    private bool EndstreamFollows(int position)
    {
        var saved = _lexer.Position;
        _lexer.Position = position;
        _lexer.SkipWhitespace();
        var ok = _lexer.StartsWith("endstream"u8);
        if (ok) _lexer.Position += "endstream".Length;
        else _lexer.Position = saved;
        return ok;
    }

    private PdfObject FromToken(Token token, int depth)
    {
        if (depth > _maxDepth) throw _lexer.Error($"nesting deeper than {_maxDepth}", token.Start);
        switch (token.Kind)
        {
            case TokenKind.Integer:
                return (PdfObject?)TryReference(token) ?? new PdfInteger(token.Integer);
            case TokenKind.Real:
                return new PdfReal(token.Real);
            case TokenKind.String:
            case TokenKind.Name:
                return token.Value!;
            case TokenKind.ArrayStart:
                var array = new PdfArray();
                while (true)
                {
                    var item = _lexer.Next();
                    if (item.Kind == TokenKind.ArrayEnd) return array;
                    if (item.Kind == TokenKind.EndOfInput) throw _lexer.Error("unterminated array", token.Start);
                    array.Add(FromToken(item, depth + 1));
                }
            case TokenKind.DictionaryStart:
                var dictionary = new PdfDictionary();
                while (true)
                {
                    var key = _lexer.Next();
                    if (key.Kind == TokenKind.DictionaryEnd) return dictionary;
                    if (key.Kind == TokenKind.EndOfInput) throw _lexer.Error("unterminated dictionary", token.Start);
                    if (key.Kind != TokenKind.Name) throw _lexer.Error("dictionary key is not a name", key.Start);
                    var valueToken = _lexer.Next();
                    if (valueToken.Kind == TokenKind.DictionaryEnd) throw _lexer.Error("dictionary key without a value", key.Start);
                    var value = FromToken(valueToken, depth + 1);
                    if (value is not PdfNull) dictionary[(PdfName)key.Value!] = value;
                }
            case TokenKind.Keyword:
                return token.Keyword switch
                {
                    "true" => PdfBoolean.True,
                    "false" => PdfBoolean.False,
                    "null" => PdfNull.Instance,
                    _ => throw _lexer.Error($"unexpected keyword '{token.Keyword}'", token.Start),
                };
            case TokenKind.EndOfInput:
                throw _lexer.Error("unexpected end of data", token.Start);
            default:
                throw _lexer.Error($"unexpected {token.Kind}", token.Start);
        }
    }

    private PdfReference? TryReference(Token number)
    {
        if (number.Integer is < 0 or > int.MaxValue) return null;
        var saved = _lexer.Position;
        var generation = _lexer.Next();
        if (generation.Kind == TokenKind.Integer && generation.Integer is >= 0 and <= int.MaxValue && _lexer.Next().IsKeyword("R"))
            return new PdfReference((int)number.Integer, (int)generation.Integer);
        _lexer.Position = saved;
        return null;
    }
}
