namespace Gateway.Cli.Internal;

/// <summary>A command line that parsed but cannot be acted on; exits with the usage code.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
