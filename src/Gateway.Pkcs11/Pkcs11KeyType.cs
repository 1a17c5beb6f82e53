namespace Gateway.Pkcs11;

/// <summary>The key pairs <see cref="Pkcs11Tokens.Generate"/> makes: what the gateway signs with (and Ed25519 for the log).</summary>
public enum Pkcs11KeyType
{
    EcP256,
    EcP384,
    Rsa2048,
    Rsa3072,
    Ed25519,
}
