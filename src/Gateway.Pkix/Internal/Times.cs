using System.Globalization;

namespace Gateway.Pkix.Internal;

internal static class Times
{
    /// <summary>One spelling in messages: UTC to the second, as certificates and revocation data carry it.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
