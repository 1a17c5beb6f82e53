namespace Gateway.Evidence.Internal;

/// <summary>The method policy file (schemas/method-policy.schema.json).</summary>
internal sealed class PolicyFile
{
    [System.Text.Json.Serialization.JsonPropertyName("$schema")]
    public string? Schema { get; set; }
    public required string Version { get; set; }
    public required List<PolicyFileService> Services { get; set; }
}
