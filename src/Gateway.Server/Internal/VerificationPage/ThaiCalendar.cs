using System.Globalization;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// Times as a Thai reader expects them: Buddhist era (พ.ศ. = CE + 543), Thai month names, Bangkok time (UTC+7, no DST).
/// Done by hand rather than with th-TH's ThaiBuddhistCalendar, which needs ICU data a slim container may lack.
/// </summary>
internal static class ThaiCalendar
{
    private static readonly string[] Months =
        ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];

    /// <summary>The ISO 8601 form shown beside the Thai one: UTC to the second, as people read it (the JSON report keeps the fractions).</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Iso(DateTimeOffset? time) => time is { } t ? Iso(t) : null;

    public static string Format(DateTimeOffset time)
    {
        var bangkok = time.ToOffset(TimeSpan.FromHours(7));
        return string.Create(CultureInfo.InvariantCulture,
            $"{bangkok.Day} {Months[bangkok.Month - 1]} พ.ศ. {bangkok.Year + 543} เวลา {bangkok:HH:mm:ss} น.");
    }
}
