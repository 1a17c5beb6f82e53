using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Crypto;

public static partial class DevPki
{
    /// <summary>
    /// Makes the evidence log's own Ed25519 key when it is missing: <see cref="DevPkiLayout.LogKey"/>
    /// (PKCS#8 PEM, mode 0600) and <see cref="DevPkiLayout.LogPublicKey"/> (SubjectPublicKeyInfo PEM,
    /// for verifiers). A separate key from the seal: checkpoints and receipts are different claims,
    /// and a log key can be rotated or witnessed without touching the receipt seal. An existing key
    /// is kept, since every checkpoint signed with it must stay verifiable.
    /// </summary>
    /// <returns>True when a key was made.</returns>
    public static bool EnsureLogKey(DevPkiLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (File.Exists(layout.LogKey) && File.Exists(layout.LogPublicKey)) return false;
        if (File.Exists(layout.LogKey))
        {
            // Only the public half is missing: derive it rather than replace a key that may have signed checkpoints.
            var existing = ReadEd25519PrivateKey(layout.LogKey);
            WriteText(layout.LogPublicKey, PublicKeyPem(existing.GeneratePublicKey()));
            return false;
        }

        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var privateKey = (Ed25519PrivateKeyParameters)pair.Private;
        WriteKey(layout.LogKey, new string(PemEncoding.Write("PRIVATE KEY", [.. Rfc8410PrivateKeyPrefix, .. privateKey.GetEncoded()])));
        WriteText(layout.LogPublicKey, PublicKeyPem((Ed25519PublicKeyParameters)pair.Public));
        return true;
    }

    /// <summary>Reads an Ed25519 private key from a PKCS#8 PEM file (as written by <see cref="EnsureLogKey"/> or `openssl genpkey -algorithm ed25519`).</summary>
    /// <exception cref="CryptoFormatException">The file is not a PKCS#8 Ed25519 private key; the message names the path, never the key.</exception>
    public static Ed25519PrivateKeyParameters ReadEd25519PrivateKey(string path)
    {
        try
        {
            var der = PemDer(File.ReadAllText(path), "PRIVATE KEY");
            return PrivateKeyFactory.CreateKey(der) as Ed25519PrivateKeyParameters
                   ?? throw new CryptoFormatException($"{path} is not an Ed25519 private key");
        }
        catch (Exception e) when (e is not (CryptoFormatException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new CryptoFormatException($"{path} is not a PKCS#8 PEM Ed25519 private key", e);
        }
    }

    /// <summary>Reads an Ed25519 public key from a SubjectPublicKeyInfo PEM ("PUBLIC KEY") text.</summary>
    /// <exception cref="CryptoFormatException">Not an Ed25519 public key.</exception>
    public static byte[] ParseEd25519PublicKeyPem(string pem)
    {
        try
        {
            return (PublicKeyFactory.CreateKey(PemDer(pem, "PUBLIC KEY")) as Ed25519PublicKeyParameters)?.GetEncoded()
                   ?? throw new CryptoFormatException("not an Ed25519 public key");
        }
        catch (Exception e) when (e is not (CryptoFormatException or OutOfMemoryException))
        {
            throw new CryptoFormatException("not a PEM Ed25519 public key", e);
        }
    }

    // RFC 8410 §7 OneAsymmetricKey v0: SEQUENCE { 0, SEQUENCE { id-Ed25519 }, OCTET STRING { OCTET STRING seed } }.
    // Written by hand in the form `openssl genpkey -algorithm ed25519` writes: the file BouncyCastle's
    // PrivateKeyInfoFactory gave was refused by OpenSSL 3.0 (`openssl pkey`: unsupported).
    private static readonly byte[] Rfc8410PrivateKeyPrefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

    private static string PublicKeyPem(Ed25519PublicKeyParameters publicKey) =>
        new string(PemEncoding.Write("PUBLIC KEY", SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetEncoded())) + "\n";

    private static byte[] PemDer(string text, string label)
    {
        if (!PemEncoding.TryFind(text, out var fields) || !text.AsSpan()[fields.Label].SequenceEqual(label))
            throw new CryptoFormatException($"no PEM '{label}' block");
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
