using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Testing;

/// <summary>
/// Runs a tool nobody here wrote (openssl, ...) to check our artefacts. Under CI=true a missing
/// tool is a failure, never a skip: an unchecked artefact is not a passing test.
/// </summary>
public static class ExternalTool
{
    public const string OpenSsl = "openssl";

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when openssl can be used; false (after saying why) when the test should return early. Fails under CI.</summary>
    public static bool RequireOpenSsl(ITestOutputHelper? output = null) => Require(OpenSsl, output);

    public static bool Require(string tool, ITestOutputHelper? output = null) =>
        Require(Find(tool) is not null, $"{tool} (on PATH)", output);

    /// <summary>The same rule for anything a test needs besides a program on PATH (a Python module, npm packages).</summary>
    public static bool Require(bool available, string what, ITestOutputHelper? output = null)
    {
        if (available) return true;
        if (InCi) Assert.Fail($"{what} is required under CI=true (make test installs it) but is missing.");
        output?.WriteLine($"{what} missing; interoperability test not run (set CI=true to make this a failure).");
        return false;
    }

    public static string? Find(string tool) =>
        Path.IsPathRooted(tool) ? (File.Exists(tool) ? tool : null)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    public static Result Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result RunOpenSsl(params string[] arguments) => Run(OpenSsl, arguments);
}
