using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// Runs a tool nobody here wrote (openssl, ...) to check our artefacts. Under CI=true a missing
/// tool is a failure, never a skip: an unchecked artefact is not a passing test.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the tool can be run. False (so the caller returns early) only outside CI; in CI a
    /// missing tool throws.
    /// </summary>
    public static bool Available(string tool)
    {
        var found = Find(tool) is not null;
        if (!found && InCi) throw new InvalidOperationException($"{tool} is required under CI=true (make deps installs it) but is not on PATH");
        return found;
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    public static Result Run(string tool, IEnumerable<string> arguments, string? workingDirectory = null, byte[]? stdin = null, int timeoutMs = 60_000)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in {timeoutMs} ms");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result OpenSsl(params string[] arguments) => Run("openssl", arguments);
}
