using System.Text;
using Gateway.Evidence;

namespace Gateway.Evidence.Tests;

/// <summary>The built-in catalogue is DOMAIN.md's table; operator files extend or replace it, and bad files say where they are bad.</summary>
public sealed class MethodCatalogueTests
{
    private static MethodCatalogue Overlay(string json) => MethodCatalogue.Default.Overlay(Encoding.UTF8.GetBytes(json), "ops.json");

    [Fact]
    public void The_builtin_catalogue_covers_every_step_with_both_levels()
    {
        var catalogue = MethodCatalogue.Default;
        Assert.Equal(["initial", "standard"], catalogue.Levels);
        Assert.False(string.IsNullOrEmpty(catalogue.Version));
        foreach (var step in ProcessSteps.All) Assert.True(catalogue.Steps.ContainsKey(step), step);
        Assert.Equal("standard", catalogue.LevelOf("channel", "gateway-grpc-api"));
        Assert.Equal("initial", catalogue.LevelOf("channel", "agency-central-email"));
        Assert.Equal("standard", catalogue.LevelOf("signature", "s26-s28-certificate-based"));
        Assert.Null(catalogue.LevelOf("channel", "carrier-pigeon"));
        Assert.True(catalogue.Rank("standard") > catalogue.Rank("initial"));
        Assert.Equal(-1, catalogue.Rank("gold"));
    }

    [Fact]
    public void The_builtin_resource_is_valid_against_the_published_schema_shape()
    {
        // The same strict reader loads it: no unknown fields, no duplicate keys.
        var resource = Path.Combine(RepoRoot(), "src", "Gateway.Evidence", "Resources", "method-catalogue.default.json");
        var parsed = MethodCatalogue.Parse(File.ReadAllBytes(resource), resource);
        Assert.Equal(MethodCatalogue.Default.Version, parsed.Version);
        Assert.True(File.Exists(Path.Combine(RepoRoot(), "schemas", "method-catalogue.schema.json")));
    }

    [Fact]
    public void An_operator_file_extends_the_catalogue_with_a_new_level_and_methods()
    {
        var catalogue = Overlay("""
            {
              "version": "moi-2026.2",
              "levels": ["high"],
              "steps": {
                "channel": { "methods": { "agency-central-email": { "level": "standard" } } },
                "identity_proofing": { "methods": { "thaid-app": { "level": "high", "title": "ThaID" } } }
              }
            }
            """);
        Assert.Equal("moi-2026.2", catalogue.Version);
        Assert.Equal(["initial", "standard", "high"], catalogue.Levels);
        Assert.Equal("high", catalogue.LevelOf("identity_proofing", "thaid-app"));
        Assert.Equal("standard", catalogue.LevelOf("identity_proofing", "digital-id:dga"));
        Assert.Equal("standard", catalogue.LevelOf("channel", "agency-central-email"));
        Assert.Equal("standard", catalogue.LevelOf("signature", "s26-s28-certificate-based"));
    }

    [Fact]
    public void A_replacing_file_is_the_whole_catalogue()
    {
        var catalogue = Overlay("""{"version":"only-1","mode":"replace","levels":["initial"],"steps":{"channel":{"methods":{"web":{"level":"initial"}}}}}""");
        Assert.Equal(["initial"], catalogue.Levels);
        Assert.Single(catalogue.Steps);
        Assert.Null(catalogue.LevelOf("signature", "s26-s28-certificate-based"));
    }

    [Theory]
    [InlineData("{\n  \"version\": \"1\",\n  \"steps\": {\n    \"channel\": { \"methods\": { \"x\": { \"level\": \"standard\", } } }\n  }\n}", 4)]
    [InlineData("{\n  \"version\": \"1\",\n  \"stepz\": {}\n}", 3)]
    [InlineData("{\n  \"version\": 2,\n  \"steps\": {}\n}", 2)]
    [InlineData("{\n  \"version\": \"1\",\n  \"steps\": {\n    \"channel\": { \"methods\": {} },\n    \"channel\": { \"methods\": {} }\n  }\n}", 5)]
    [InlineData("{\n  \"version\": \"1\"\n}", 3)]
    public void Syntax_and_type_errors_name_the_file_and_line(string json, int line)
    {
        var e = Assert.Throws<MethodConfigurationException>(() => Overlay(json));
        Assert.Equal(line, e.Line);
        Assert.NotNull(e.Position);
        Assert.StartsWith($"ops.json:{line}:", e.Message);
    }

    [Theory]
    [InlineData("""{"version":"1","steps":{"channel":{"methods":{"x":{"level":"gold"}}}}}""", "$.steps['channel'].methods['x'].level")]
    [InlineData("""{"version":"","steps":{}}""", "$.version")]
    [InlineData("""{"version":"1","mode":"merge","steps":{}}""", "$.mode")]
    [InlineData("""{"version":"1","levels":["a","a"],"steps":{}}""", "$.levels[1]")]
    public void Rule_errors_name_the_entry(string json, string path)
    {
        var e = Assert.Throws<MethodConfigurationException>(() => Overlay(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<MethodConfigurationException>(() => MethodCatalogue.Load("/nonexistent/catalogue.json"));
        Assert.StartsWith("/nonexistent/catalogue.json: cannot read", e.Message);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
