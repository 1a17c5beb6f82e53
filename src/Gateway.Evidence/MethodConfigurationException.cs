namespace Gateway.Evidence;

/// <summary>
/// A method catalogue or policy file that cannot be used. <see cref="Message"/> names the file and, for syntax
/// and type errors, the line and position (1-based); for rule errors, the JSON path of the offending entry.
/// </summary>
public sealed class MethodConfigurationException : Exception
{
    public MethodConfigurationException(string source, string detail, long? line = null, long? position = null, string? path = null, Exception? inner = null)
        : base(Format(source, detail, line, position, path), inner)
    {
        Source = source;
        Detail = detail;
        Line = line;
        Position = position;
        JsonPath = path;
    }

    /// <summary>The file (or "built-in catalogue").</summary>
    public new string Source { get; }
    public string Detail { get; }
    /// <summary>1-based line, when known.</summary>
    public long? Line { get; }
    /// <summary>1-based byte position in the line, when known.</summary>
    public long? Position { get; }
    public string? JsonPath { get; }

    private static string Format(string source, string detail, long? line, long? position, string? path) =>
        source + (line is { } l ? $":{l}" + (position is { } p ? $":{p}" : "") : "") + (path is null ? "" : $" ({path})") + ": " + detail;
}
