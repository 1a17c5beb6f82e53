using System.Text;
using Gateway.Merkle.Internal;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Merkle;

/// <summary>
/// Verifies C2SP signed notes (https://c2sp.org/signed-note) against one Ed25519 key, as
/// golang.org/x/mod/sumdb/note.Open does with a single trusted key, or against any of a log's keys
/// (<see cref="AnyOf"/>) when the log's key was rotated and older checkpoints carry an older key.
/// </summary>
public sealed class NoteVerifier
{
    private readonly Ed25519PublicKeyParameters _publicKey;
    private NoteVerifier[] _alternates = [];

    private NoteVerifier(string name, uint keyId, Ed25519PublicKeyParameters publicKey, string verifierKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
        VerifierKey = verifierKey;
    }

    /// <summary>The key name signature lines must carry.</summary>
    public string Name { get; }

    /// <summary>The key ID signature lines must carry.</summary>
    public uint KeyId { get; }

    /// <summary>The verifier key string this verifier was read from (the first key of <see cref="AnyOf"/>).</summary>
    public string VerifierKey { get; }

    /// <summary>Every key this verifier accepts: <see cref="VerifierKey"/> first, then earlier keys of the same log.</summary>
    public IReadOnlyList<string> VerifierKeys => [VerifierKey, .. _alternates.Select(a => a.VerifierKey)];

    /// <summary>
    /// A verifier that accepts a note signed by any of <paramref name="keys"/> (a log's current key first, then
    /// the keys it had before a rotation). All keys must have the same name: a log's keys are named by its origin.
    /// </summary>
    /// <exception cref="ArgumentException">No key, or keys of different names.</exception>
    public static NoteVerifier AnyOf(IReadOnlyList<NoteVerifier> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) throw new ArgumentException("at least one key is needed", nameof(keys));
        var first = keys[0];
        if (keys.Any(k => !string.Equals(k.Name, first.Name, StringComparison.Ordinal)))
            throw new ArgumentException("every key of one log carries the log's name", nameof(keys));
        var distinct = keys.SelectMany(k => k._alternates.Prepend(k)).Skip(1)
            .Where(k => k.KeyId != first.KeyId || k.VerifierKey != first.VerifierKey)
            .DistinctBy(k => k.VerifierKey).ToArray();
        return new NoteVerifier(first.Name, first.KeyId, first._publicKey, first.VerifierKey) { _alternates = distinct };
    }

    /// <summary>
    /// A verifier from a raw 32-byte Ed25519 public key and the key name (a log's origin), e.g. a
    /// public key read from a PEM file, for checkpoints whose origin names the log.
    /// </summary>
    /// <exception cref="FormatException">The name is not a valid key name or the key is not an Ed25519 public key.</exception>
    public static NoteVerifier FromEd25519PublicKey(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteFormat.IsValidName(name) || !Ed25519.TryParsePublicKey(publicKey, out var parameters))
            throw new FormatException("not an Ed25519 public key with a valid key name");
        var keyId = NoteFormat.KeyId(name, publicKey);
        var verifierKey = $"{name}+{NoteFormat.FormatKeyId(keyId)}+{Convert.ToBase64String([NoteFormat.AlgEd25519, .. publicKey])}";
        return new NoteVerifier(name, keyId, parameters!, verifierKey);
    }

    /// <summary>Reads "&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 || public key)&gt;".</summary>
    /// <exception cref="FormatException">Not a well-formed Ed25519 verifier key whose key ID matches its name and key.</exception>
    public static NoteVerifier FromVerifierKey(string key)
    {
        if (key is null)
            throw Malformed();
        var plus1 = key.IndexOf('+');
        if (plus1 < 0)
            throw Malformed();
        var name = key[..plus1];
        var rest = key[(plus1 + 1)..];
        var plus2 = rest.IndexOf('+');
        if (plus2 < 0)
            throw Malformed();
        if (!NoteFormat.IsValidName(name)
            || !NoteFormat.TryParseKeyId(rest[..plus2], out var keyId)
            || !NoteFormat.TryDecodeBase64(rest[(plus2 + 1)..], out var encoded)
            || encoded.Length != 1 + Ed25519.PublicKeySize
            || encoded[0] != NoteFormat.AlgEd25519
            || NoteFormat.KeyId(name, encoded.AsSpan(1)) != keyId
            || !Ed25519.TryParsePublicKey(encoded.AsSpan(1), out var publicKey))
            throw Malformed();
        return new NoteVerifier(name, keyId, publicKey!, key);

        static FormatException Malformed() => new("malformed note verifier key");
    }

    /// <summary>
    /// True when <paramref name="signedNote"/> is a well-formed signed note carrying a signature
    /// line by this key (same name and key ID) that verifies over the note text; the text is
    /// then returned in <paramref name="noteText"/> (empty otherwise).
    /// </summary>
    /// <remarks>
    /// Signature lines by other keys are ignored, including lines sharing only the name or only
    /// the key ID. As in the reference implementation, the first line by this key decides: if it
    /// fails to verify the whole note is rejected. Any malformed line, more than 100 signature
    /// lines, a missing blank line, a control character or a non-canonical base64 signature
    /// rejects the note. Never throws.
    /// </remarks>
    public bool Verify(string signedNote, out string noteText)
    {
        if (VerifyOne(signedNote, out noteText)) return true;
        foreach (var alternate in _alternates)
            if (alternate.VerifyOne(signedNote, out noteText)) return true;
        return false;
    }

    private bool VerifyOne(string signedNote, out string noteText)
    {
        noteText = string.Empty;
        try
        {
            if (!NoteFormat.TrySplit(signedNote, out var text, out var signatures))
                return false;
            foreach (var line in signatures)
            {
                if (line.KeyId != KeyId || !string.Equals(line.Name, Name, StringComparison.Ordinal))
                    continue;
                if (!Ed25519.Verify(_publicKey, Encoding.UTF8.GetBytes(text), line.Signature))
                    return false;
                noteText = text;
                return true;
            }
            return false;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"NoteVerifier({Name}+{NoteFormat.FormatKeyId(KeyId)})";
}
