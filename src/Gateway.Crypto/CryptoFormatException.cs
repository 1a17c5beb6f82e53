namespace Gateway.Crypto;

/// <summary>Thrown when a cryptographic structure (certificate, key file, token, CMS) cannot be read.</summary>
public sealed class CryptoFormatException : Exception
{
    public CryptoFormatException(string message)
        : base(message)
    {
    }

    public CryptoFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
