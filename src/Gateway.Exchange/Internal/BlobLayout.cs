namespace Gateway.Exchange.Internal;

// Single source of truth for where blobs and their in-flight temp files live. Temp files sit
// under the same root so the final rename never crosses a file-system boundary (stays atomic).
internal sealed class BlobLayout
{
    private readonly string _contentRoot;

    public BlobLayout(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        _contentRoot = Path.Combine(RootDirectory, "sha256");
        TempDirectory = Path.Combine(RootDirectory, "tmp");
    }

    public string RootDirectory { get; }

    public string TempDirectory { get; }

    public string PathOf(string sha256Hex)
    {
        Sha256Hex.EnsureValid(sha256Hex, nameof(sha256Hex));
        return Path.Combine(_contentRoot, sha256Hex[..2], sha256Hex[2..4], sha256Hex);
    }

    public string NewTempPath()
    {
        Directory.CreateDirectory(TempDirectory);
        return Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".tmp");
    }

    // Creates the fan-out folders of a blob path, flushing each parent whose entry list changed,
    // so a committed blob is reachable after a crash and not just present in an orphaned inode.
    public void EnsureDirectoryDurably(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        var parent = Path.GetDirectoryName(directory)!;
        EnsureDirectoryDurably(parent);
        Directory.CreateDirectory(directory);
        DirectorySync.Flush(parent);
    }
}
