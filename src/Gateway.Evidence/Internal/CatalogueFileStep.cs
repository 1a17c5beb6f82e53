namespace Gateway.Evidence.Internal;

internal sealed class CatalogueFileStep
{
    public string? Title { get; set; }
    public required Dictionary<string, CatalogueFileMethod> Methods { get; set; }
}
