using Gateway.Fuzz.Targets;

namespace Gateway.Fuzz;

/// <summary>The targets by the names <c>make fuzz TARGET=</c> takes.</summary>
internal static class FuzzTargets
{
    /// <summary>In a fixed order: the <c>all</c> target's first byte indexes it.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pdf", "pdf-roundtrip", "pdf-validate", "cms", "x509", "tsp", "rpc"];

    public static IFuzzTarget Create(string name, FuzzMaterial material) => name switch
    {
        "pdf" => new PdfTarget(material),
        "pdf-roundtrip" => new PdfRoundTripTarget(material),
        "pdf-validate" => new PdfValidateTarget(material),
        "cms" => new CmsTarget(material),
        "x509" => new X509Target(material),
        "tsp" => new TspTarget(material),
        "rpc" => new RpcTarget(material),
        "all" => new AllTarget(Names, n => Create(n, material)),
        _ => throw new ArgumentException($"unknown target '{name}'; the targets are {string.Join(", ", Names)} and all"),
    };
}
