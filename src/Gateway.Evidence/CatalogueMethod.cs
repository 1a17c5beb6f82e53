namespace Gateway.Evidence;

/// <summary>One method known for a step, and the level it reaches.</summary>
public sealed record CatalogueMethod(string Id, string Level, string? Title = null);
