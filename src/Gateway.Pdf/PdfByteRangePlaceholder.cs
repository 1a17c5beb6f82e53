using System.Globalization;
using System.Text;

namespace Gateway.Pdf;

/// <summary>
/// A /ByteRange written with a fixed width ("[0 0000000000 0000000000 0000000000]") so that the real values can be
/// patched in place once the file length is known; ten digits cover any file below 10 GB.
/// </summary>
public sealed class PdfByteRangePlaceholder : PdfObject
{
    public const int Digits = 10;

    /// <summary>Bytes taken in the file, brackets included.</summary>
    public const int Width = 3 + 3 * (Digits + 1);

    /// <summary>The bytes that replace the placeholder: same width, leading zeros (valid PDF integers).</summary>
    public static byte[] Encode(long start1, long length1, long start2, long length2)
    {
        if (start1 != 0) throw new ArgumentOutOfRangeException(nameof(start1), "A signature's byte range starts at 0.");
        const long max = 9_999_999_999;
        foreach (var value in new[] { length1, start2, length2 })
            if (value is < 0 or > max) throw new ArgumentOutOfRangeException(nameof(length1), $"{value} does not fit in {Digits} digits.");
        var text = string.Create(CultureInfo.InvariantCulture, $"[0 {length1:D10} {start2:D10} {length2:D10}]");
        return Encoding.ASCII.GetBytes(text);
    }
}
