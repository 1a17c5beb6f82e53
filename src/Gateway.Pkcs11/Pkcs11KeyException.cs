using System.Security.Cryptography;

namespace Gateway.Pkcs11;

/// <summary>A PKCS#11 key cannot be found or used. Messages name the module, token and key, never a PIN.</summary>
public sealed class Pkcs11KeyException : CryptographicException
{
    public Pkcs11KeyException(string message) : base(message) { }

    public Pkcs11KeyException(string message, Exception inner) : base(message, inner) { }
}
