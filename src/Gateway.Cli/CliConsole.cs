namespace Gateway.Cli;

/// <summary>Where a command writes; tests pass their own writers.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
