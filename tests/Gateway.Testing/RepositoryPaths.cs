namespace Gateway.Testing;

/// <summary>Files the tests read from the repository and from ../shared, found by walking up from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindUp("Gateway.sln") ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    /// <summary>../shared/corpus/pades; null when absent outside CI (under CI=true its absence is a failure).</summary>
    public static string? PadesCorpus()
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "pades"));
        if (Directory.Exists(path)) return path;
        if (ExternalTool.InCi) Xunit.Assert.Fail($"the PAdES corpus is expected at {path} under CI=true");
        return null;
    }

    private static string? FindUp(string marker)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, marker))) return dir.FullName;
        return null;
    }
}
