namespace Gateway.Bench;

internal static class ProcessMemory
{
    /// <summary>Resident set size in bytes (VmRSS of /proc/PID/status), or null when the process is gone or this is not Linux.</summary>
    public static long? ResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
