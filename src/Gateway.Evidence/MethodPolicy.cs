using Gateway.Evidence.Internal;

namespace Gateway.Evidence;

/// <summary>
/// The minimum method level per step, per service id and optionally per request kind (schema
/// schemas/method-policy.schema.json). The most specific rule applies: service and kind, then service, then "*".
/// </summary>
public sealed class MethodPolicy
{
    private MethodPolicy(string version, IReadOnlyList<ServicePolicy> services)
    {
        Version = version;
        Services = services;
    }

    public string Version { get; }
    public IReadOnlyList<ServicePolicy> Services { get; }

    /// <summary>The rule for a service and request kind, or null when the service has none.</summary>
    public ServicePolicy? Find(string? serviceId, string? requestKind)
    {
        serviceId ??= "";
        return Services.FirstOrDefault(s => s.ServiceId == serviceId && s.RequestKind is not null && s.RequestKind == requestKind)
               ?? Services.FirstOrDefault(s => s.ServiceId == serviceId && s.RequestKind is null)
               ?? Services.FirstOrDefault(s => s.ServiceId == "*" && s.RequestKind is not null && s.RequestKind == requestKind)
               ?? Services.FirstOrDefault(s => s.ServiceId == "*" && s.RequestKind is null);
    }

    /// <summary>Reads a policy file without checking it against a catalogue; syntax errors throw with line and position.</summary>
    public static MethodPolicy Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        var file = MethodJson.Read<PolicyFile>(utf8Json, source);
        return new MethodPolicy(file.Version,
            [.. file.Services.Select(s => new ServicePolicy(s.ServiceId, s.RequestKind, new Dictionary<string, string>(s.Minimum, StringComparer.Ordinal)))]);
    }

    /// <summary>Reads and checks a policy file; the first problem throws.</summary>
    /// <exception cref="MethodConfigurationException">Syntax (with line and position) or rule (with JSON path) error.</exception>
    public static MethodPolicy Load(string path, MethodCatalogue catalogue)
    {
        var policy = Parse(MethodJson.ReadFile(path), path);
        if (policy.Check(catalogue, path) is [var first, ..]) throw first;
        return policy;
    }

    /// <summary>Every rule the policy breaks against the catalogue: unknown steps or levels, repeated rules, empty ids.</summary>
    public IReadOnlyList<MethodConfigurationException> Check(MethodCatalogue catalogue, string source)
    {
        var problems = new List<MethodConfigurationException>();
        if (string.IsNullOrWhiteSpace(Version)) problems.Add(new(source, "version must be a non-empty string", path: "$.version"));
        var seen = new HashSet<(string, string?)>();
        for (var i = 0; i < Services.Count; i++)
        {
            var rule = Services[i];
            var at = $"$.services[{i}]";
            if (string.IsNullOrWhiteSpace(rule.ServiceId)) problems.Add(new(source, "serviceId must be a non-empty string (\"*\" for any service)", path: at + ".serviceId"));
            if (rule.RequestKind is { } kind && string.IsNullOrWhiteSpace(kind)) problems.Add(new(source, "requestKind, when given, must be a non-empty string", path: at + ".requestKind"));
            if (!seen.Add((rule.ServiceId, rule.RequestKind)))
                problems.Add(new(source, $"a second rule for service \"{rule.ServiceId}\"" + (rule.RequestKind is null ? "" : $" and request kind \"{rule.RequestKind}\""), path: at));
            foreach (var (step, level) in rule.Minimum)
            {
                if (!catalogue.Steps.ContainsKey(step))
                    problems.Add(new(source, $"step \"{step}\" is not in catalogue {catalogue.Version} (steps: {string.Join(", ", catalogue.Steps.Keys)})", path: $"{at}.minimum['{step}']"));
                else if (catalogue.Rank(level) < 0)
                    problems.Add(new(source, $"level \"{level}\" is not one of catalogue {catalogue.Version}'s levels ({string.Join(", ", catalogue.Levels)})", path: $"{at}.minimum['{step}']"));
                else if (!catalogue.Steps[step].Methods.Values.Any(m => catalogue.Rank(m.Level) >= catalogue.Rank(level)))
                    problems.Add(new(source, $"no method of step \"{step}\" in catalogue {catalogue.Version} reaches level \"{level}\"", path: $"{at}.minimum['{step}']"));
            }
        }
        return problems;
    }
}
