using System.Globalization;
using Gateway.Pdf;

namespace Gateway.Validation.Internal;

/// <summary>
/// Finds the signature dictionaries of a PDF and checks each ByteRange the way universal-signature-forgery
/// and signature-wrapping attacks require (PADES-NOTES): four non-negative integers [0 a b c] with a &lt; b,
/// b + c inside the file and at the end of a revision, and the gap [a, b) exactly one hexadecimal string equal
/// to the dictionary's /Contents, so every other byte of that revision is signed.
/// </summary>
internal static class PdfSignatureLocator
{
    public static List<PdfSignatureEntry> Find(PdfDocument document)
    {
        var entries = new List<PdfSignatureEntry>();
        foreach (var field in PdfSignatureFields.Find(document))
        {
            if (field.Signature is not { } dictionary) continue;
            var type = document.Resolve(dictionary.Get("Type")) as PdfName;
            var subFilter = (document.Resolve(dictionary.Get("SubFilter")) as PdfName)?.Value;
            var isTimeStamp = type?.Value == "DocTimeStamp" || subFilter == "ETSI.RFC3161";
            var contents = (document.Resolve(dictionary.Get("Contents")) as PdfString)?.Bytes;
            var range = ReadByteRange(document, dictionary);
            var entry = new PdfSignatureEntry
            {
                FieldName = field.Name,
                Dictionary = dictionary,
                IsDocumentTimeStamp = isTimeStamp,
                SubFilter = subFilter,
                ByteRange = range,
                Contents = contents ?? [],
                ClaimedTime = ParseDate((document.Resolve(dictionary.Get("M")) as PdfString)?.ToText()),
            };
            entries.Add(Judge(document, entry, field.SignatureReference, contents));
        }

        // Document order: the order of the revisions signed; a broken ByteRange still says where it meant to end.
        return entries.Select((e, i) => (e, i)).OrderBy(p => p.e.SignedEnd == 0 ? long.MaxValue : p.e.SignedEnd).ThenBy(p => p.i).Select(p => p.e).ToList();
    }

    private static PdfSignatureEntry Judge(PdfDocument document, PdfSignatureEntry entry, PdfReference? reference, byte[]? contents)
    {
        var file = document.Bytes.Span;
        if (contents is null) return entry with { ByteRangeError = "the signature dictionary has no /Contents string" };
        if (entry.ByteRange is not { Length: 4 } r) return entry with { ByteRangeError = "/ByteRange is missing or is not four integers" };
        if (r[0] != 0) return entry with { ByteRangeError = "/ByteRange does not start at byte 0" };
        if (r[1] <= 0 || r[2] <= r[1] + 1 || r[3] < 0 || r[2] + r[3] > file.Length)
            return entry with { ByteRangeError = $"/ByteRange [{string.Join(' ', r)}] overlaps, is empty or reaches past the end of the file ({file.Length} bytes)" };

        var gap = file[(int)r[1]..(int)r[2]];
        if (gap[0] != (byte)'<' || gap[^1] != (byte)'>' || !IsHex(gap[1..^1]) || gap.Length % 2 != 0)
            return entry with { ByteRangeError = "the bytes outside the /ByteRange are not exactly one hexadecimal string" };
        if (!Convert.FromHexString(System.Text.Encoding.ASCII.GetString(gap[1..^1])).AsSpan().SequenceEqual(contents))
            return entry with { ByteRangeError = "the unsigned hexadecimal string is not this signature's /Contents" };

        var end = r[2] + r[3];
        int? revision = null;
        foreach (var candidate in document.Revisions)
        {
            // A producer may or may not count the end-of-line after %%EOF as part of its revision.
            if (candidate.EndOffset == end || (candidate.EndOffset > end && IsLineEnd(file[(int)end..(int)candidate.EndOffset]) && file[..(int)end].EndsWith("%%EOF"u8)))
            {
                revision = candidate.Index;
                break;
            }
        }

        if (revision is null)
            return entry with { ByteRangeError = $"the /ByteRange ends at byte {end}, which is not the end of a revision: bytes of that revision are left unsigned" };

        // The dictionary judged must be the one in the signed revision, not a later replacement of it.
        if (reference is not null && document.GetObject(reference.Number, revision.Value) is PdfDictionary signed
            && (signed.Get("Contents") as PdfString)?.Bytes is { } signedContents && !signedContents.AsSpan().SequenceEqual(contents))
            return entry with { ByteRangeError = "the signature dictionary was replaced after the revision it signs", Revision = revision };

        return entry with { Revision = revision };
    }

    private static long[]? ReadByteRange(PdfDocument document, PdfDictionary dictionary)
    {
        if (document.Resolve(dictionary.Get("ByteRange")) is not PdfArray array || array.Count != 4) return null;
        var values = new long[4];
        for (var i = 0; i < 4; i++)
        {
            if (document.Resolve(array[i]) is not PdfInteger integer || integer.Value < 0 || integer.Value > int.MaxValue) return null;
            values[i] = integer.Value;
        }

        return values;
    }

    private static bool IsHex(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (!char.IsAsciiHexDigit((char)b)) return false;
        return true;
    }

    private static bool IsLineEnd(ReadOnlySpan<byte> bytes) => bytes.Length <= 2 && !bytes.ContainsAnyExcept((byte)'\r', (byte)'\n');

    /// <summary>PDF date (D:YYYYMMDDHHmmSSOHH'mm), ISO 32000-1 §7.9.4; null when unreadable.</summary>
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var s = text.StartsWith("D:", StringComparison.Ordinal) ? text[2..] : text;
        var digits = new string(s.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length < 4) return null;
        int Part(int start, int length, int fallback) => digits.Length >= start + length ? int.Parse(digits.AsSpan(start, length), CultureInfo.InvariantCulture) : fallback;
        var offset = TimeSpan.Zero;
        var rest = s[digits.Length..];
        if (rest.Length > 0 && (rest[0] == '+' || rest[0] == '-'))
        {
            var tz = new string(rest[1..].Where(char.IsAsciiDigit).ToArray());
            var hours = tz.Length >= 2 ? int.Parse(tz.AsSpan(0, 2), CultureInfo.InvariantCulture) : 0;
            var minutes = tz.Length >= 4 ? int.Parse(tz.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
            offset = new TimeSpan(hours, minutes, 0) * (rest[0] == '-' ? -1 : 1);
        }

        try
        {
            return new DateTimeOffset(Part(0, 4, 1), Part(4, 2, 1), Part(6, 2, 1), Part(8, 2, 0), Part(10, 2, 0), Part(12, 2, 0), offset).ToUniversalTime();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
