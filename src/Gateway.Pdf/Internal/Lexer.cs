using System.Globalization;
using System.Text;

namespace Gateway.Pdf.Internal;

/// <summary>
/// Tokenizer for PDF syntax (ISO 32000-1 7.2, 7.3) over a byte buffer that it never copies. Errors say where:
/// the byte offset in the file, or the offset inside a decoded object stream.
/// </summary>
internal sealed class Lexer
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private readonly byte[] _data;
    private readonly int _end;
    private readonly string? _container;
    private readonly WorkBudget? _budget;

    public Lexer(byte[] data, int position = 0, int end = -1, string? container = null, WorkBudget? budget = null)
    {
        _budget = budget;
        _data = data;
        _end = end < 0 ? data.Length : end;
        Position = position;
        _container = container;
    }

    public byte[] Data => _data;

    public int End => _end;

    public int Position { get; set; }

    public PdfFormatException Error(string message, int? at = null)
    {
        var where = at ?? Position;
        return _container is null ? new PdfFormatException(message, where) : new PdfFormatException($"{message} (at offset {where} {_container})");
    }

    /// <summary>Leaves the position at the end so that the work done is accounted for.</summary>
    private PdfFormatException Unterminated(string message, int start)
    {
        Position = _end;
        return Error(message, start);
    }

    public void SkipWhitespace()
    {
        var p = Position;
        while (p < _end)
        {
            var b = _data[p];
            if (CharClass.IsWhitespace(b)) p++;
            else if (b == '%')
            {
                while (p < _end && _data[p] != '\n' && _data[p] != '\r') p++;
            }
            else break;
        }
        Position = p;
    }

    public bool StartsWith(ReadOnlySpan<byte> text) => Position >= 0 && Position < _end && _data.AsSpan(Position, _end - Position).StartsWith(text);

    public void Spend(long bytes) => _budget?.Spend(bytes);

    public Token Next()
    {
        var from = Position;
        try
        {
            return ReadToken();
        }
        finally
        {
            _budget?.Spend(Math.Max(1, Position - from));
        }
    }

    private Token ReadToken()
    {
        SkipWhitespace();
        var start = Position;
        if (start >= _end) return new Token(TokenKind.EndOfInput, start);
        var b = _data[start];
        switch (b)
        {
            case (byte)'[':
                Position++;
                return new Token(TokenKind.ArrayStart, start);
            case (byte)']':
                Position++;
                return new Token(TokenKind.ArrayEnd, start);
            case (byte)'<':
                if (start + 1 < _end && _data[start + 1] == '<')
                {
                    Position += 2;
                    return new Token(TokenKind.DictionaryStart, start);
                }
                return new Token(TokenKind.String, start, Value: ReadHexString());
            case (byte)'>':
                if (start + 1 < _end && _data[start + 1] == '>')
                {
                    Position += 2;
                    return new Token(TokenKind.DictionaryEnd, start);
                }
                throw Error("unexpected '>'");
            case (byte)'(':
                return new Token(TokenKind.String, start, Value: ReadLiteralString());
            case (byte)')':
                throw Error("unexpected ')'");
            case (byte)'/':
                return new Token(TokenKind.Name, start, Value: ReadName());
            case (byte)'{' or (byte)'}':
                Position++;
                return new Token(TokenKind.Keyword, start, Keyword: b == '{' ? "{" : "}");
        }

        var p = start;
        while (p < _end && CharClass.IsRegular(_data[p])) p++;
        Position = p;
        var run = _data.AsSpan(start, p - start);
        if (TryNumber(run, out var token, start)) return token;
        if (run.Length > 64) throw Error("overlong keyword", start);
        return new Token(TokenKind.Keyword, start, Keyword: Encoding.Latin1.GetString(run));
    }

    private static bool TryNumber(ReadOnlySpan<byte> run, out Token token, int start)
    {
        token = default;
        var i = 0;
        if (run.Length > 0 && (run[0] == '+' || run[0] == '-')) i++;
        int digits = 0, dots = 0;
        for (var j = i; j < run.Length; j++)
        {
            if (CharClass.IsDigit(run[j])) digits++;
            else if (run[j] == '.') dots++;
            else return false;
        }
        if (digits == 0 || dots > 1) return false;
        if (dots == 0 && digits <= 18)
        {
            long value = 0;
            for (var j = i; j < run.Length; j++) value = value * 10 + (run[j] - '0');
            token = new Token(TokenKind.Integer, start, Integer: run[0] == '-' ? -value : value);
            return true;
        }
        // Reals such as "-3." or "+.5", and integers too long for a long, which only hostile files contain.
        var text = Encoding.ASCII.GetString(run);
        if (text.EndsWith('.')) text += "0";
        var real = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        token = new Token(TokenKind.Real, start, Real: real);
        return true;
    }

    private PdfString ReadHexString()
    {
        var start = Position;
        var p = start + 1;
        var bytes = new List<byte>();
        var high = -1;
        while (true)
        {
            if (p >= _end) throw Unterminated("unterminated hex string", start);
            var b = _data[p++];
            if (b == '>') break;
            if (CharClass.IsWhitespace(b)) continue;
            var v = CharClass.HexValue(b);
            if (v < 0) throw Error($"invalid character 0x{b:X2} in hex string", p - 1);
            if (high < 0) high = v;
            else
            {
                bytes.Add((byte)(high << 4 | v));
                high = -1;
            }
        }
        // 7.3.4.3: an odd final digit is followed by an implied 0.
        if (high >= 0) bytes.Add((byte)(high << 4));
        Position = p;
        return new PdfString([.. bytes], hex: true);
    }

    private PdfString ReadLiteralString()
    {
        var start = Position;
        var p = start + 1;
        var bytes = new List<byte>();
        var depth = 1;
        while (true)
        {
            if (p >= _end) throw Unterminated("unterminated string", start);
            var b = _data[p++];
            switch (b)
            {
                case (byte)'(':
                    depth++;
                    bytes.Add(b);
                    break;
                case (byte)')':
                    if (--depth == 0)
                    {
                        Position = p;
                        return new PdfString([.. bytes]);
                    }
                    bytes.Add(b);
                    break;
                case (byte)'\r':
                    // 7.3.4.2: an unescaped end-of-line of any kind reads as a single LF.
                    if (p < _end && _data[p] == '\n') p++;
                    bytes.Add((byte)'\n');
                    break;
                case (byte)'\\':
                    if (p >= _end) throw Unterminated("unterminated string", start);
                    var e = _data[p++];
                    switch (e)
                    {
                        case (byte)'n': bytes.Add((byte)'\n'); break;
                        case (byte)'r': bytes.Add((byte)'\r'); break;
                        case (byte)'t': bytes.Add((byte)'\t'); break;
                        case (byte)'b': bytes.Add((byte)'\b'); break;
                        case (byte)'f': bytes.Add((byte)'\f'); break;
                        case (byte)'\r':
                            if (p < _end && _data[p] == '\n') p++;
                            break;
                        case (byte)'\n':
                            break;
                        case >= (byte)'0' and <= (byte)'7':
                            var value = e - '0';
                            for (var k = 0; k < 2 && p < _end && _data[p] is >= (byte)'0' and <= (byte)'7'; k++) value = value * 8 + (_data[p++] - '0');
                            bytes.Add((byte)value);
                            break;
                        default:
                            // Covers \( \) \\ and, as 7.3.4.2 asks, ignores the backslash of an unknown escape.
                            bytes.Add(e);
                            break;
                    }
                    break;
                default:
                    bytes.Add(b);
                    break;
            }
        }
    }

    private PdfName ReadName()
    {
        var p = Position + 1;
        var bytes = new List<byte>();
        while (p < _end && CharClass.IsRegular(_data[p]))
        {
            var b = _data[p++];
            if (b == '#' && p + 1 < _end && CharClass.HexValue(_data[p]) >= 0 && CharClass.HexValue(_data[p + 1]) >= 0)
            {
                b = (byte)(CharClass.HexValue(_data[p]) << 4 | CharClass.HexValue(_data[p + 1]));
                p += 2;
            }
            bytes.Add(b);
        }
        Position = p;
        return new PdfName(DecodeName([.. bytes]));
    }

    /// <summary>Names are bytes; UTF-8 is the usual intent (ISO 32000-2 7.3.5), Latin-1 keeps anything else lossless.</summary>
    private static string DecodeName(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
