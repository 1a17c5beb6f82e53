namespace Gateway.Exchange;

public sealed class BlobStoreOptions
{
    public required string RootDirectory { get; set; }
}
