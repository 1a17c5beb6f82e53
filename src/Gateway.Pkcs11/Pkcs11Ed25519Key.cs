using Gateway.Pkcs11.Internal;

namespace Gateway.Pkcs11;

/// <summary>
/// An Ed25519 private key that stays in a PKCS#11 token (CKK_EC_EDWARDS, signed with CKM_EDDSA: pure Ed25519 over
/// the whole message), for the evidence log's checkpoints. Thread-safe, like <see cref="Pkcs11SigningKey"/>.
/// </summary>
public sealed class Pkcs11Ed25519Key : IDisposable
{
    private readonly TokenKey _key;

    internal Pkcs11Ed25519Key(TokenKey key, byte[] publicKey)
    {
        if (publicKey.Length != 32) throw new Pkcs11KeyException($"the public key of {key.Uri} is {publicKey.Length} bytes, not an Ed25519 key's 32");
        _key = key;
        PublicKey = publicKey;
    }

    /// <summary>Which key this is (without any PIN source).</summary>
    public Pkcs11Uri Uri => _key.Uri;

    /// <summary>The raw 32-byte public key (RFC 8032).</summary>
    public byte[] PublicKey { get; }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(byte[] message) =>
        _key.Sign(() => Pkcs11Module.Factories.MechanismFactory.Create(Pkcs11Constants.CKM_EDDSA), message, this);

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"Pkcs11Ed25519Key({Uri})";
}
