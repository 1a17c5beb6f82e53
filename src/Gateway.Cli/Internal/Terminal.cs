namespace Gateway.Cli.Internal;

/// <summary>
/// Colour and progress only for a person at a terminal: when the writer is the process's own console stream,
/// that stream is not redirected, and NO_COLOR (https://no-color.org) is unset. Pipes, files, CI logs and
/// in-process callers get plain text, byte for byte the same words.
/// </summary>
internal static class Terminal
{
    public static bool IsInteractive(TextWriter writer) =>
        Environment.GetEnvironmentVariable("NO_COLOR") is null
        && ((ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected));

    public static string Green(TextWriter writer, string text) => Paint(writer, text, "32");

    public static string Red(TextWriter writer, string text) => Paint(writer, text, "31");

    public static string Amber(TextWriter writer, string text) => Paint(writer, text, "33");

    private static string Paint(TextWriter writer, string text, string code) => IsInteractive(writer) ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>A one-line progress report on <paramref name="writer"/> (overwritten in place); a no-op when not interactive.</summary>
    public static IProgress<long> Progress(TextWriter writer, string what, long total) =>
        IsInteractive(writer) ? new LineProgress(writer, what, total) : new Progress<long>();

    private sealed class LineProgress(TextWriter writer, string what, long total) : IProgress<long>
    {
        private int _lastPercent = -1;

        public void Report(long value)
        {
            var percent = total <= 0 ? 100 : (int)(100 * Math.Min(value, total) / total);
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            var filled = percent / 5;
            writer.Write($"\r{what} [{new string('#', filled)}{new string('.', 20 - filled)}] {percent,3}% {value / (1024 * 1024)}/{total / (1024 * 1024)} MiB");
            if (percent == 100) writer.WriteLine();
        }
    }
}
