namespace Gateway.Merkle.Tests;

/// <summary>Signers and verifiers from raw Ed25519 keys (as read from PEM files) match the key-string forms.</summary>
public class RawKeyTests
{
    [Fact]
    public void Raw_ed25519_keys_sign_and_verify_like_key_strings()
    {
        var generated = NoteSigner.Generate("example.com/log");
        // The base64 part may itself contain '+': split off the first four fields only.
        var seed = Convert.FromBase64String(generated.KeyString.Split('+', 5)[4])[1..];
        var signer = NoteSigner.FromEd25519Seed("example.com/log", seed);
        Assert.Equal(generated.KeyString, signer.KeyString);
        var publicKey = Convert.FromBase64String(signer.VerifierKey.Split('+', 3)[2])[1..];
        var verifier = NoteVerifier.FromEd25519PublicKey("example.com/log", publicKey);
        Assert.Equal(signer.VerifierKey, verifier.VerifierKey);
        Assert.True(verifier.Verify(signer.Sign("hello\n"), out var text));
        Assert.Equal("hello\n", text);
        Assert.Throws<ArgumentException>(() => NoteSigner.FromEd25519Seed("bad name", seed));
        Assert.Throws<ArgumentException>(() => NoteSigner.FromEd25519Seed("n", seed[1..]));
        Assert.Throws<FormatException>(() => NoteVerifier.FromEd25519PublicKey("n", publicKey[1..]));
    }
}
