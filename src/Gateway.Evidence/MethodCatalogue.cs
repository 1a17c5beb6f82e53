using Gateway.Evidence.Internal;

namespace Gateway.Evidence;

/// <summary>
/// The method catalogue: for each step of the process (<see cref="ProcessSteps"/>), the methods the gateway knows
/// and the level each reaches. The built-in content is DOMAIN.md's table; an operator's file (schema
/// schemas/method-catalogue.schema.json) extends or replaces it. Its <see cref="Version"/> is recorded in receipts.
/// Immutable and thread-safe.
/// </summary>
public sealed class MethodCatalogue
{
    private const string BuiltinSource = "built-in catalogue";
    private static readonly Lazy<MethodCatalogue> BuiltinCatalogue = new(LoadBuiltin);

    private MethodCatalogue(string version, IReadOnlyList<string> levels, IReadOnlyDictionary<string, CatalogueStep> steps)
    {
        Version = version;
        Levels = levels;
        Steps = steps;
    }

    /// <summary>The built-in catalogue (DOMAIN.md's table).</summary>
    public static MethodCatalogue Default => BuiltinCatalogue.Value;

    public string Version { get; }

    /// <summary>Levels, lowest first.</summary>
    public IReadOnlyList<string> Levels { get; }

    public IReadOnlyDictionary<string, CatalogueStep> Steps { get; }

    /// <summary>The level's rank (0 = lowest), or -1 when the catalogue has no such level.</summary>
    public int Rank(string? level) => level is null ? -1 : IndexOf(Levels, level);

    /// <summary>The level a method reaches at a step, or null when the catalogue does not know it there.</summary>
    public string? LevelOf(string step, string method) =>
        Steps.TryGetValue(step, out var s) && s.Methods.TryGetValue(method, out var m) ? m.Level : null;

    /// <summary>The default catalogue overlaid with the operator's file, or the default alone when <paramref name="path"/> is null.</summary>
    /// <exception cref="MethodConfigurationException">The file cannot be read or breaks a rule; the message names where.</exception>
    public static MethodCatalogue Load(string? path) =>
        path is null ? Default : Default.Overlay(MethodJson.ReadFile(path), path);

    /// <summary>This catalogue overlaid with a catalogue file: "extend" adds levels, steps and methods (re-grading those it names), "replace" starts afresh.</summary>
    public MethodCatalogue Overlay(ReadOnlySpan<byte> utf8Json, string source)
    {
        var file = MethodJson.Read<CatalogueFile>(utf8Json, source);
        return file.Mode switch
        {
            "replace" => Build(file, source, null),
            "extend" => Build(file, source, this),
            _ => throw new MethodConfigurationException(source, $"mode must be \"extend\" or \"replace\", not \"{file.Mode}\"", path: "$.mode"),
        };
    }

    /// <summary>A catalogue from a file alone (its mode is ignored).</summary>
    public static MethodCatalogue Parse(ReadOnlySpan<byte> utf8Json, string source) => Build(MethodJson.Read<CatalogueFile>(utf8Json, source), source, null);

    private static MethodCatalogue Build(CatalogueFile file, string source, MethodCatalogue? under)
    {
        if (string.IsNullOrWhiteSpace(file.Version))
            throw new MethodConfigurationException(source, "version must be a non-empty string", path: "$.version");

        var levels = new List<string>(under?.Levels ?? []);
        foreach (var (level, i) in (file.Levels ?? []).Select((l, i) => (l, i)))
        {
            if (string.IsNullOrWhiteSpace(level))
                throw new MethodConfigurationException(source, "a level must be a non-empty string", path: $"$.levels[{i}]");
            if (IndexOf(file.Levels!, level) != i)
                throw new MethodConfigurationException(source, $"level \"{level}\" is listed twice", path: $"$.levels[{i}]");
            if (IndexOf(levels, level) < 0) levels.Add(level);
        }
        if (levels.Count == 0)
            throw new MethodConfigurationException(source, "the catalogue defines no levels", path: "$.levels");

        var steps = new Dictionary<string, CatalogueStep>(under?.Steps ?? new Dictionary<string, CatalogueStep>(), StringComparer.Ordinal);
        foreach (var (stepId, step) in file.Steps)
        {
            if (string.IsNullOrWhiteSpace(stepId))
                throw new MethodConfigurationException(source, "a step id must be a non-empty string", path: "$.steps");
            var methods = new Dictionary<string, CatalogueMethod>(
                steps.TryGetValue(stepId, out var existing) ? existing.Methods : new Dictionary<string, CatalogueMethod>(), StringComparer.Ordinal);
            foreach (var (methodId, method) in step.Methods)
            {
                var path = $"$.steps['{stepId}'].methods['{methodId}']";
                if (string.IsNullOrWhiteSpace(methodId))
                    throw new MethodConfigurationException(source, "a method id must be a non-empty string", path: path);
                if (IndexOf(levels, method.Level) < 0)
                    throw new MethodConfigurationException(source, $"level \"{method.Level}\" is not one of the catalogue's levels ({string.Join(", ", levels)})", path: path + ".level");
                methods[methodId] = new CatalogueMethod(methodId, method.Level, method.Title);
            }
            steps[stepId] = new CatalogueStep(stepId, step.Title ?? existing?.Title, methods);
        }

        return new MethodCatalogue(file.Version, levels, steps);
    }

    private static MethodCatalogue LoadBuiltin()
    {
        using var stream = typeof(MethodCatalogue).Assembly.GetManifestResourceStream("Gateway.Evidence.method-catalogue.default.json")
                           ?? throw new InvalidOperationException("the built-in method catalogue is missing from the assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray(), BuiltinSource);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
