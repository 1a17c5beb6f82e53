namespace Gateway.Evidence.Internal;

internal sealed class CatalogueFile
{
    [System.Text.Json.Serialization.JsonPropertyName("$schema")]
    public string? Schema { get; set; }
    public required string Version { get; set; }
    /// <summary>"replace" (default for the built-in file) or "extend" (add or re-grade methods of the catalogue it is laid over).</summary>
    public string Mode { get; set; } = "extend";
    /// <summary>Levels lowest first; when extending, new levels are appended above the existing ones.</summary>
    public List<string>? Levels { get; set; }
    public required Dictionary<string, CatalogueFileStep> Steps { get; set; }
}
