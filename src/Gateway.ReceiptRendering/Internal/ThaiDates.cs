using System.Globalization;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// Dates as people read them (DOMAIN.md): Thai, Buddhist era, Bangkok time; and ISO 8601 UTC beside them, the form
/// the receipt itself carries. The th-TH culture's default calendar is the Thai Buddhist calendar (CE + 543).
/// </summary>
internal static class ThaiDates
{
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");

    /// <summary>"26 พฤศจิกายน พ.ศ. 2569 เวลา 08:23:45 น. (เวลาประเทศไทย)".</summary>
    public static string BuddhistEra(DateTimeOffset time) =>
        time.ToOffset(Bangkok).ToString("d MMMM 'พ.ศ.' yyyy 'เวลา' HH:mm:ss 'น.'", Thai) + " (UTC+7)";

    /// <summary>"2026-11-26T01:23:45.678Z": milliseconds kept, as in the receipt JSON.</summary>
    public static string IsoUtc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
