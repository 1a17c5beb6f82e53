namespace Gateway.Exchange.Internal;

internal static class Sha256Hex
{
    public const int Length = 64;

    // The hex string becomes part of a file path, so anything but exactly 64 lower-case
    // hex digits is refused before it can reach the file system (no "..", separators, case aliases).
    public static void EnsureValid(string sha256Hex, string paramName)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex, paramName);
        if (sha256Hex.Length != Length || !sha256Hex.AsSpan().ContainsOnlyLowerHex())
        {
            throw new ArgumentException("Expected 64 lower-case hexadecimal characters (SHA-256).", paramName);
        }
    }

    private static bool ContainsOnlyLowerHex(this ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }
}
