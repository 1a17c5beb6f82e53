using System.Security.Cryptography;
using System.Text;
using Gateway.Merkle.Internal;

namespace Gateway.Merkle;

/// <summary>
/// An Ed25519 signer of C2SP signed notes (https://c2sp.org/signed-note), compatible with
/// golang.org/x/mod/sumdb/note: key IDs, key strings and signature lines are byte-for-byte
/// what that implementation produces, and Ed25519 is deterministic, so the same key signs the
/// same text identically.
/// </summary>
/// <remarks>
/// A signer holds a private key. <see cref="KeyString"/> is the secret: keep it in a secret
/// store and never log it, print it or put it in an exception message. <see cref="ToString"/>
/// shows only the name and key ID.
/// </remarks>
public sealed class NoteSigner
{
    private readonly byte[]? _seed;
    private readonly Func<byte[], byte[]>? _external;

    private NoteSigner(string name, byte[] seed)
    {
        _seed = seed;
        Name = name;
        PublicKey = Ed25519.PublicKeyFromSeed(seed);
        KeyId = NoteFormat.KeyId(name, PublicKey);
    }

    private NoteSigner(string name, byte[] publicKey, Func<byte[], byte[]> sign)
    {
        _external = sign;
        Name = name;
        PublicKey = publicKey;
        KeyId = NoteFormat.KeyId(name, PublicKey);
    }

    /// <summary>The key name written in signature lines; for a log, its checkpoint origin.</summary>
    public string Name { get; }

    /// <summary>SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.</summary>
    public uint KeyId { get; }

    private byte[] PublicKey { get; }

    /// <summary>
    /// SECRET. The private key as "PRIVATE+KEY+&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 || seed)&gt;",
    /// readable by <see cref="FromKeyString"/> and by golang.org/x/mod/sumdb/note.NewSigner.
    /// Anyone who has it can sign checkpoints as this log. Never log it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is held elsewhere (<see cref="FromEd25519Signer"/>) and cannot be written out.</exception>
    public string KeyString
        => _seed is null
            ? throw new InvalidOperationException("this note signer's key is held by an external signer (a token) and cannot be exported")
            : $"PRIVATE+KEY+{Name}+{NoteFormat.FormatKeyId(KeyId)}+{Convert.ToBase64String([NoteFormat.AlgEd25519, .. _seed])}";

    /// <summary>The public verifier key "&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 || public key)&gt;", for <see cref="NoteVerifier.FromVerifierKey"/>.</summary>
    public string VerifierKey
        => $"{Name}+{NoteFormat.FormatKeyId(KeyId)}+{Convert.ToBase64String([NoteFormat.AlgEd25519, .. PublicKey])}";

    /// <summary>A new random key.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains a space, '+' or a control character.</exception>
    public static NoteSigner Generate(string name)
    {
        if (!NoteFormat.IsValidName(name))
            throw new ArgumentException("a key name is non-empty and contains no spaces, '+' or control characters", nameof(name));
        return new NoteSigner(name, RandomNumberGenerator.GetBytes(Ed25519.SeedSize));
    }

    /// <summary>
    /// A signer from a raw Ed25519 private key (the 32-byte RFC 8032 seed, as held in a PKCS#8
    /// file) and the key name, which for a log is its checkpoint origin. Lets the key live in a
    /// standard key file while the name stays configuration.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid key name or the seed is not 32 bytes.</exception>
    public static NoteSigner FromEd25519Seed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteFormat.IsValidName(name))
            throw new ArgumentException("a key name is non-empty and contains no spaces, '+' or control characters", nameof(name));
        if (seed.Length != Ed25519.SeedSize)
            throw new ArgumentException($"an Ed25519 private key is {Ed25519.SeedSize} bytes", nameof(seed));
        return new NoteSigner(name, seed.ToArray());
    }

    /// <summary>
    /// A signer whose Ed25519 private key stays elsewhere (a PKCS#11 token): <paramref name="sign"/> returns the
    /// 64-byte pure Ed25519 signature (RFC 8032) of the message it is given.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid key name or the public key is not 32 bytes.</exception>
    public static NoteSigner FromEd25519Signer(string name, ReadOnlySpan<byte> publicKey, Func<byte[], byte[]> sign)
    {
        ArgumentNullException.ThrowIfNull(sign);
        if (!NoteFormat.IsValidName(name))
            throw new ArgumentException("a key name is non-empty and contains no spaces, '+' or control characters", nameof(name));
        if (publicKey.Length != Ed25519.PublicKeySize)
            throw new ArgumentException($"an Ed25519 public key is {Ed25519.PublicKeySize} bytes", nameof(publicKey));
        return new NoteSigner(name, publicKey.ToArray(), sign);
    }

    /// <summary>Reads a key written by <see cref="KeyString"/> (or by the Go note package).</summary>
    /// <exception cref="FormatException">The string is not a well-formed Ed25519 signer key whose key ID matches
    /// its name and key. The message never contains the key.</exception>
    public static NoteSigner FromKeyString(string privateKeyString)
    {
        const string prefix = "PRIVATE+KEY+";
        if (privateKeyString is null || !privateKeyString.StartsWith(prefix, StringComparison.Ordinal))
            throw Malformed();
        var rest = privateKeyString[prefix.Length..];
        var plus1 = rest.IndexOf('+');
        if (plus1 < 0)
            throw Malformed();
        var name = rest[..plus1];
        rest = rest[(plus1 + 1)..];
        var plus2 = rest.IndexOf('+');
        if (plus2 < 0)
            throw Malformed();
        if (!NoteFormat.IsValidName(name)
            || !NoteFormat.TryParseKeyId(rest[..plus2], out var keyId)
            || !NoteFormat.TryDecodeBase64(rest[(plus2 + 1)..], out var key)
            || key.Length != 1 + Ed25519.SeedSize
            || key[0] != NoteFormat.AlgEd25519)
            throw Malformed();

        var signer = new NoteSigner(name, key[1..]);
        if (signer.KeyId != keyId)
            throw Malformed();
        return signer;

        static FormatException Malformed() => new("malformed note signer key");
    }

    /// <summary>
    /// Signs <paramref name="noteText"/> and returns the signed note: the text, a blank line and
    /// one signature line "— &lt;name&gt; &lt;base64(key id || signature)&gt;\n".
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty, does not end in '\n', contains a control
    /// character other than '\n' or is not valid Unicode.</exception>
    public string Sign(string noteText)
    {
        if (!NoteFormat.IsValidText(noteText))
            throw new ArgumentException("a note text is non-empty, ends in a newline and contains no other control characters", nameof(noteText));
        var message = Encoding.UTF8.GetBytes(noteText);
        var signature = _seed is not null ? Ed25519.Sign(_seed, message) : _external!(message);
        // A token that signs with another key than the one named would seal checkpoints nobody can verify: checked each time.
        if (_seed is null && (!Ed25519.TryParsePublicKey(PublicKey, out var key) || !Ed25519.Verify(key!, message, signature)))
            throw new CryptographicException("the external Ed25519 signer's signature does not verify under its public key");
        var blob = new byte[4 + signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        signature.CopyTo(blob, 4);
        return $"{noteText}\n{NoteFormat.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";
    }

    /// <summary>Name and key ID only; never the key.</summary>
    public override string ToString() => $"NoteSigner({Name}+{NoteFormat.FormatKeyId(KeyId)})";
}
