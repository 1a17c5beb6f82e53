namespace Gateway.Bench;

/// <summary>
/// The machine's 1-minute load average (/proc/loadavg), printed beside the figures: on a small shared machine,
/// other work on the same cores changes them more than anything the gateway does.
/// </summary>
internal static class LoadAverage
{
    public static string OneMinute()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}
