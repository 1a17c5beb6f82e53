namespace Gateway.Exchange;

public sealed class BlobTooLargeException : Exception
{
    public BlobTooLargeException(long maxBytes)
        : base($"The document exceeds the limit of {maxBytes} bytes.")
    {
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }
}
