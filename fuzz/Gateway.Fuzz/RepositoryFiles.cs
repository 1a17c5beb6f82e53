namespace Gateway.Fuzz;

/// <summary>The repository and ../shared, found from the harness binary (which may be an instrumented copy under artifacts/).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindUp("Gateway.sln")
        ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>../shared/corpus/pades, read where it lies and never copied into the repository; null when absent.</summary>
    public static string? PadesCorpus()
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, "..", "shared", "corpus", "pades"));
        return Directory.Exists(path) ? path : null;
    }

    private static string? FindUp(string marker)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, marker))) return dir.FullName;
        return null;
    }
}
