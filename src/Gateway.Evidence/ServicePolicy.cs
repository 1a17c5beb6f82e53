namespace Gateway.Evidence;

/// <summary>The minimum level per step for one service id ("*" for any service), optionally for one request kind only.</summary>
public sealed record ServicePolicy(string ServiceId, string? RequestKind, IReadOnlyDictionary<string, string> Minimum);
