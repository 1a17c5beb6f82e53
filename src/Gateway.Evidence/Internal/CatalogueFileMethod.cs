namespace Gateway.Evidence.Internal;

internal sealed class CatalogueFileMethod
{
    public required string Level { get; set; }
    public string? Title { get; set; }
}
