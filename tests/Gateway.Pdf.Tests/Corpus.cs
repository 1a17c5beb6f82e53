namespace Gateway.Pdf.Tests;

/// <summary>Finds ../shared/corpus/pades (relative to the repository root) by walking up from the test binaries.</summary>
internal static class Corpus
{
    /// <summary>Null when absent outside CI (the test then returns early); a failure under CI=true.</summary>
    public static string? Directory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpus", "pades");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        if (ExternalTool.InCi) Assert.Fail("The PAdES corpus (../shared/corpus/pades) is required under CI=true.");
        return null;
    }

    public static IEnumerable<string> Files(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Name(string directory, string file) => Path.GetRelativePath(directory, file).Replace('\\', '/');
}
