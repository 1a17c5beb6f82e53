using System.Globalization;
using System.Text;

namespace Gateway.Pdf.Internal;

/// <summary>
/// Writes objects into a buffer that stands for the bytes from <c>baseOffset</c> on, so that positions (of objects,
/// of placeholders) are absolute offsets in the final file.
/// </summary>
internal sealed class Serializer
{
    private const int MaxDepth = 1000;
    private readonly MemoryStream _buffer = new();
    private readonly long _baseOffset;
    private readonly Dictionary<PdfObject, long> _placeholders = new(ReferenceEqualityComparer.Instance);

    public Serializer(long baseOffset = 0) => _baseOffset = baseOffset;

    public long Position => _baseOffset + _buffer.Length;

    public IReadOnlyDictionary<PdfObject, long> Placeholders => _placeholders;

    public void CopyTo(Stream output)
    {
        _buffer.Position = 0;
        _buffer.CopyTo(output);
    }

    public byte[] ToArray() => _buffer.ToArray();

    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Ascii(string text)
    {
        Span<byte> small = stackalloc byte[256];
        var bytes = text.Length <= small.Length ? small[..Encoding.ASCII.GetBytes(text, small)] : Encoding.ASCII.GetBytes(text);
        _buffer.Write(bytes);
    }

    public void Object(PdfObject obj) => Write(obj, 0);

    private void Write(PdfObject obj, int depth)
    {
        if (depth > MaxDepth) throw new InvalidOperationException($"Object nesting deeper than {MaxDepth}; is a container inside itself?");
        switch (obj)
        {
            case PdfNull:
                Ascii("null");
                break;
            case PdfBoolean boolean:
                Ascii(boolean.Value ? "true" : "false");
                break;
            case PdfInteger integer:
                Ascii(integer.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case PdfReal real:
                Ascii(FormatReal(real.Value));
                break;
            case PdfString text:
                if (text.Hex) Hex(text.Bytes);
                else Literal(text.Bytes);
                break;
            case PdfName name:
                Name(name);
                break;
            case PdfReference reference:
                Ascii(string.Create(CultureInfo.InvariantCulture, $"{reference.Number} {reference.Generation} R"));
                break;
            case PdfArray array:
                _buffer.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) _buffer.WriteByte((byte)' ');
                    Write(array[i], depth + 1);
                }
                _buffer.WriteByte((byte)']');
                break;
            case PdfDictionary dictionary:
                Dictionary(dictionary, depth);
                break;
            case PdfStream stream:
                var header = stream.Dictionary.Clone();
                header[PdfName.Length] = new PdfInteger(stream.EncodedData.Length);
                Dictionary(header, depth);
                Ascii("\nstream\n");
                Raw(stream.EncodedData);
                Ascii("\nendstream");
                break;
            case PdfHexPlaceholder hex:
                _placeholders[hex] = Position;
                _buffer.WriteByte((byte)'<');
                for (var i = 0; i < hex.ByteCapacity; i++) Ascii("00");
                _buffer.WriteByte((byte)'>');
                break;
            case PdfByteRangePlaceholder byteRange:
                _placeholders[byteRange] = Position;
                Raw(PdfByteRangePlaceholder.Encode(0, 0, 0, 0));
                break;
            default:
                throw new ArgumentException($"Cannot write {obj.GetType().Name}.", nameof(obj));
        }
    }

    private void Dictionary(PdfDictionary dictionary, int depth)
    {
        Ascii("<<");
        foreach (var (key, value) in dictionary)
        {
            Name(key);
            _buffer.WriteByte((byte)' ');
            Write(value, depth + 1);
        }
        Ascii(">>");
    }

    private void Name(PdfName name)
    {
        _buffer.WriteByte((byte)'/');
        foreach (var b in Encoding.UTF8.GetBytes(name.Value))
        {
            // 7.3.5: anything but a regular printable character, and '#' itself, is written as #xx.
            if (b is < 0x21 or > 0x7E || b == '#' || CharClass.IsDelimiter(b)) Ascii($"#{b:X2}");
            else _buffer.WriteByte(b);
        }
    }

    private void Hex(byte[] bytes)
    {
        _buffer.WriteByte((byte)'<');
        Ascii(Convert.ToHexString(bytes));
        _buffer.WriteByte((byte)'>');
    }

    private void Literal(byte[] bytes)
    {
        _buffer.WriteByte((byte)'(');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    _buffer.WriteByte((byte)'\\');
                    _buffer.WriteByte(b);
                    break;
                case < 0x20 or >= 0x7F:
                    // Octal keeps the file ASCII and line ends from being normalised by a reader.
                    Ascii("\\" + Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
                default:
                    _buffer.WriteByte(b);
                    break;
            }
        }
        _buffer.WriteByte((byte)')');
    }

    /// <summary>PDF has no exponent notation; a custom format without 'E' never produces one.</summary>
    public static string FormatReal(double value)
    {
        if (!double.IsFinite(value)) value = 0;
        var text = value.ToString("0.##########", CultureInfo.InvariantCulture);
        if (text == "-0") text = "0";
        return text.Contains('.') ? text : text + ".0";
    }
}
