using System.Text.Json;

namespace Gateway.Merkle.Tests;

/// <summary>One inclusion probe of ../shared/corpus/merkle/inclusion (field names as in its README).</summary>
internal sealed record InclusionProbe(ulong LeafIdx, ulong TreeSize, byte[] Root, byte[] LeafHash, byte[][]? Proof, string Desc, bool WantErr)
{
    public string File { get; init; } = "";
}

/// <summary>One consistency probe of ../shared/corpus/merkle/consistency.</summary>
internal sealed record ConsistencyProbe(ulong Size1, ulong Size2, byte[] Root1, byte[] Root2, byte[][]? Proof, string Desc, bool WantErr)
{
    public string File { get; init; } = "";
}

/// <summary>
/// The transparency-dev/merkle proof vectors, copied to ../shared/corpus/merkle. The single place
/// that knows where they live and how they are encoded (camelCase JSON, base64 hashes, null proofs).
/// </summary>
internal static class MerkleVectors
{
    // camelCase names, and byte[] read from standard base64 as Go's encoding/json writes it.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The corpus folder; null when absent outside CI (under CI=true its absence fails the test).</summary>
    public static string? Folder()
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "merkle"));
        if (Directory.Exists(path)) return path;
        if (ExternalTool.InCi) Assert.Fail($"the Merkle proof vectors are expected at {path} under CI=true");
        return null;
    }

    public static IReadOnlyList<InclusionProbe> Inclusion(string folder) =>
        Load<InclusionProbe>(Path.Combine(folder, "inclusion"), (probe, file) => probe with { File = file });

    public static IReadOnlyList<ConsistencyProbe> Consistency(string folder) =>
        Load<ConsistencyProbe>(Path.Combine(folder, "consistency"), (probe, file) => probe with { File = file });

    private static List<T> Load<T>(string folder, Func<T, string, T> withFile) =>
        Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var probe = JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                    ?? throw new InvalidDataException($"{path} holds no probe");
                return withFile(probe, Path.GetRelativePath(folder, path));
            })
            .ToList();
}
