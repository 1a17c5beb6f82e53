namespace Gateway.Exchange;

public sealed record BlobInfo(string Sha256, long Length);
