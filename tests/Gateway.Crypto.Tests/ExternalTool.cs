using System.Diagnostics;
using Xunit.Abstractions;

namespace Gateway.Crypto.Tests;

/// <summary>
/// Runs external programs (openssl) for interoperability tests. Missing tools fail the test on CI
/// (CI=true) so a broken image cannot turn interop coverage silently green; elsewhere the test returns early.
/// </summary>
internal static class ExternalTool
{
    public const string OpenSsl = "/usr/bin/openssl";

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    /// <summary>True when openssl can be used; false (after logging why) when the test should return early.</summary>
    public static bool RequireOpenSsl(ITestOutputHelper output)
    {
        if (File.Exists(OpenSsl))
        {
            return true;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{OpenSsl} is required on CI for interoperability tests but is missing.");
        }

        output.WriteLine($"{OpenSsl} not found; interoperability test not run (set CI=true to make this a failure).");
        return false;
    }

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
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result RunOpenSsl(params string[] arguments) => Run(OpenSsl, arguments);
}
