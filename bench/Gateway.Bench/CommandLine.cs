using System.Globalization;

namespace Gateway.Bench;

/// <summary>The `--name value` options of the bench modes (no parser package: a handful of numbers and paths).</summary>
internal static class CommandLine
{
    public static int Int(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double? Double(string[] args, string name) =>
        Text(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    public static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>A comma-separated list of integers, e.g. `--instances 1,2`.</summary>
    public static int[] Ints(string[] args, string name, int[] fallback) =>
        Text(args, name) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()
            : fallback;
}
