using System.Globalization;

namespace Gateway.Signing.Internal;

/// <summary>ISO 32000-1 §7.9.4 dates, always written in UTC: D:YYYYMMDDHHmmSS+00'00'.</summary>
internal static class PdfDate
{
    public static string Format(DateTimeOffset time) =>
        "D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";
}
