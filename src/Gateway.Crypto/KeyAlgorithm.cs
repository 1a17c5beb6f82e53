namespace Gateway.Crypto;

/// <summary>The public-key algorithm of an <see cref="ISigningKey"/>.</summary>
public enum KeyAlgorithm
{
    Rsa,
    Ecdsa,
}
