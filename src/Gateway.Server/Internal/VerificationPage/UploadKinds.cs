namespace Gateway.Server.Internal.VerificationPage;

/// <summary>What an upload turned out to be, by its first bytes (never by its name or declared type).</summary>
internal static class UploadKinds
{
    public const string Pdf = "pdf";
    public const string Receipt = "receipt";
    public const string Cms = "cms";
    public const string Case = "case";

    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        // A PDF may have a few bytes of junk before its header; readers accept it within the first 1024.
        if (bytes[..Math.Min(bytes.Length, 1024)].IndexOf("%PDF-"u8) >= 0) return Pdf;
        if (bytes.StartsWith("PK\x03\x04"u8)) return Case;
        // DER SEQUENCE with a long-form length: every CMS SignedData of a useful size.
        if (bytes.Length > 2 && bytes[0] == 0x30 && bytes[1] is >= 0x80 and <= 0x84) return Cms;
        return null;
    }
}
