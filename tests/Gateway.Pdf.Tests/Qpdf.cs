using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

/// <summary>The one place tests run qpdf, a checker nobody here wrote.</summary>
internal static partial class Qpdf
{
    public sealed record Check(int ExitCode, string[] Problems, string Output);

    /// <summary>Null (after saying why) when qpdf is not installed outside CI.</summary>
    public static Check? Run(byte[] pdf, ITestOutputHelper? output = null)
    {
        if (!ExternalTool.Require("qpdf", output)) return null;
        var directory = Directory.CreateTempSubdirectory("gateway-pdf-");
        try
        {
            var path = Path.Combine(directory.FullName, "file.pdf");
            File.WriteAllBytes(path, pdf);
            var result = ExternalTool.Run("qpdf", ["--check", path]);
            var text = result.StandardOutput + "\n" + result.StandardError;
            // Paths and offsets of our own section differ between runs; the kind of problem is what is compared.
            var problems = text.Split('\n')
                .Where(line => line.Contains("WARNING", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal) || line.StartsWith("qpdf:", StringComparison.Ordinal))
                .Select(line => Numbers().Replace(line.Replace(path, "FILE", StringComparison.Ordinal), "N"))
                .Distinct()
                .ToArray();
            return new Check(result.ExitCode, problems, result.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>qpdf's rewrite of <paramref name="pdf"/> with the given options (e.g. --linearize); null when qpdf is absent outside CI.</summary>
    public static byte[]? Rewrite(byte[] pdf, ITestOutputHelper? output, params string[] options)
    {
        if (!ExternalTool.Require("qpdf", output)) return null;
        var directory = Directory.CreateTempSubdirectory("gateway-pdf-");
        try
        {
            var input = Path.Combine(directory.FullName, "in.pdf");
            var result = Path.Combine(directory.FullName, "out.pdf");
            File.WriteAllBytes(input, pdf);
            var run = ExternalTool.Run("qpdf", [.. options, input, result]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return File.ReadAllBytes(result);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static void AssertClean(byte[] pdf, ITestOutputHelper? output = null)
    {
        var check = Run(pdf, output);
        if (check is null) return;
        Assert.True(check.ExitCode == 0 && check.Problems.Length == 0 && !check.Output.Contains("WARNING", StringComparison.Ordinal), check.Output);
    }

    /// <summary>0 clean, 3 warnings, 2 errors: ranked by how bad they are.</summary>
    public static int Severity(int exitCode) => exitCode switch { 0 => 0, 3 => 1, _ => 2 };

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}
