using System.Text;

namespace Gateway.Exchange.Internal;

/// <summary>
/// Checks that content looks like the media type it is labelled with, from its first bytes. A
/// recipient's system dispatches on the label; a PDF parser fed an executable is how incidents begin.
/// Types without a reliable signature (octet-stream, pkcs7) are accepted as labelled.
/// </summary>
internal static class MediaTypeSniffer
{
    /// <summary>How many leading bytes <see cref="Matches"/> needs at most.</summary>
    public const int PrefixLength = 1024;

    public static bool Matches(string mediaType, ReadOnlySpan<byte> prefix)
    {
        switch (mediaType)
        {
            case "application/pdf":
                // PDF 1.7 §7.5.2 lets the header sit anywhere in the first 1024 bytes.
                return prefix.IndexOf("%PDF-"u8) >= 0;
            case "image/png":
                return prefix.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
            case "image/jpeg":
                return prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
            case "application/zip":
                return prefix.StartsWith("PK\x03\x04"u8) || prefix.StartsWith("PK\x05\x06"u8);
            case "application/xml" or "text/xml":
                return FirstSignificant(prefix) == '<';
            case "application/json":
                return FirstSignificant(prefix) is '{' or '[';
            case "text/plain":
                return LooksLikeText(prefix);
            default:
                return true;
        }
    }

    private static char? FirstSignificant(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) prefix = prefix[3..];
        foreach (var b in prefix)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return (char)b;
        }
        return null;
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> prefix)
    {
        if (prefix.IndexOf((byte)0) >= 0) return false;
        // The prefix may end inside a multi-byte character: drop up to 3 trailing bytes before decoding.
        for (var cut = 0; cut <= Math.Min(3, prefix.Length); cut++)
        {
            try
            {
                _ = new UTF8Encoding(false, true).GetCharCount(prefix[..^cut]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return false;
    }
}
