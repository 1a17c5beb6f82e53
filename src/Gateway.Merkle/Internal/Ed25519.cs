using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Gateway.Merkle.Internal;

/// <summary>Ed25519 (RFC 8032, deterministic) through BouncyCastle.</summary>
internal static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    public static byte[] PublicKeyFromSeed(ReadOnlySpan<byte> seed)
        => new Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(seed));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    /// <summary>Parses a public key; false if it is not a valid encoding of a curve point.</summary>
    public static bool TryParsePublicKey(ReadOnlySpan<byte> publicKey, out Ed25519PublicKeyParameters? parameters)
    {
        parameters = null;
        if (publicKey.Length != PublicKeySize)
            return false;
        try
        {
            parameters = new Ed25519PublicKeyParameters(publicKey);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool Verify(Ed25519PublicKeyParameters publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
            return false;
        var verifier = new Ed25519Signer();
        verifier.Init(false, publicKey);
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }
}
