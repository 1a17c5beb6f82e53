using System.Security.Cryptography;

namespace Gateway.Merkle.Tests;

/// <summary>A log's keys across a rotation: an external signer (a token) and a verifier that accepts any of the log's keys.</summary>
public class RotatedKeyTests
{
    private const string Name = "example.com/log";

    [Fact]
    public void A_verifier_of_several_keys_accepts_notes_of_each_and_nothing_else()
    {
        var old = NoteSigner.Generate(Name);
        var current = NoteSigner.Generate(Name);
        var both = NoteVerifier.AnyOf([NoteVerifier.FromVerifierKey(current.VerifierKey), NoteVerifier.FromVerifierKey(old.VerifierKey)]);
        Assert.Equal(current.VerifierKey, both.VerifierKey);
        Assert.Equal(new[] { current.VerifierKey, old.VerifierKey }, both.VerifierKeys);
        Assert.True(both.Verify(old.Sign("before\n"), out var text) && text == "before\n");
        Assert.True(both.Verify(current.Sign("after\n"), out _));
        Assert.False(both.Verify(NoteSigner.Generate(Name).Sign("stranger\n"), out _));
        // Nested and repeated keys collapse; keys of another log are refused.
        Assert.Equal(2, NoteVerifier.AnyOf([both, NoteVerifier.FromVerifierKey(old.VerifierKey)]).VerifierKeys.Count);
        Assert.Throws<ArgumentException>(() => NoteVerifier.AnyOf([both, NoteVerifier.FromVerifierKey(NoteSigner.Generate("other/log").VerifierKey)]));
    }

    [Fact]
    public void An_external_signer_signs_like_the_key_it_holds_and_a_wrong_one_is_caught()
    {
        var generated = NoteSigner.Generate(Name);
        var seed = Convert.FromBase64String(generated.KeyString.Split('+', 5)[4])[1..];
        var publicKey = Convert.FromBase64String(generated.VerifierKey.Split('+', 3)[2])[1..];
        var seedSigner = NoteSigner.FromEd25519Seed(Name, seed);
        var external = NoteSigner.FromEd25519Signer(Name, publicKey, message => SignatureOf(seedSigner, message));
        Assert.Equal(generated.VerifierKey, external.VerifierKey);
        // Ed25519 is deterministic: the same note, byte for byte.
        Assert.Equal(generated.Sign("note\n"), external.Sign("note\n"));
        Assert.Throws<InvalidOperationException>(() => external.KeyString);

        var other = NoteSigner.Generate(Name);
        var wrong = NoteSigner.FromEd25519Signer(Name, publicKey, message => SignatureOf(other, message));
        Assert.Throws<CryptographicException>(() => wrong.Sign("note\n"));
    }

    /// <summary>The raw signature a signer's note line carries for <paramref name="message"/>.</summary>
    private static byte[] SignatureOf(NoteSigner signer, byte[] message)
    {
        var note = signer.Sign(System.Text.Encoding.UTF8.GetString(message));
        var line = note[(note.LastIndexOf(' ') + 1)..].TrimEnd('\n');
        return Convert.FromBase64String(line)[4..];
    }
}
