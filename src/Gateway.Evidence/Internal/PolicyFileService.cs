namespace Gateway.Evidence.Internal;

internal sealed class PolicyFileService
{
    public required string ServiceId { get; set; }
    public string? RequestKind { get; set; }
    /// <summary>Minimum level by step id.</summary>
    public required Dictionary<string, string> Minimum { get; set; }
}
