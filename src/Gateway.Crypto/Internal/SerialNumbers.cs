using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;

namespace Gateway.Crypto.Internal;

/// <summary>One spelling for certificate serial numbers: upper-case hex without leading zeros ("0" for zero).</summary>
internal static class SerialNumbers
{
    public static string Canonical(BigInteger serial) => serial.ToString(16).ToUpperInvariant();

    public static string Canonical(X509Certificate2 certificate) => Canonical(new BigInteger(certificate.SerialNumber, 16));

    public static BigInteger Parse(string hex) => new(hex, 16);

    /// <summary>Null when <paramref name="text"/> is not a hex serial.</summary>
    public static string? TryCanonical(string text)
    {
        if (text.Length == 0 || text.Length > 80 || !text.All(Uri.IsHexDigit))
        {
            return null;
        }

        return Canonical(new BigInteger(text, 16));
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
