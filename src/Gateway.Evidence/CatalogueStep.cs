namespace Gateway.Evidence;

/// <summary>One step of the process and the methods known for it, by method id.</summary>
public sealed record CatalogueStep(string Id, string? Title, IReadOnlyDictionary<string, CatalogueMethod> Methods);
