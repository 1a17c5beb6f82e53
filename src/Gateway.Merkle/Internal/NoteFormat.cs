using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Merkle.Internal;

/// <summary>
/// Syntax of C2SP signed notes (https://c2sp.org/signed-note), following the reference
/// implementation golang.org/x/mod/sumdb/note: key names, key IDs, strict base64, note text
/// validity and the split of a signed note into text and signature lines.
/// </summary>
internal static class NoteFormat
{
    /// <summary>Signature type byte for Ed25519 in key encodings and key IDs.</summary>
    public const byte AlgEd25519 = 0x01;

    /// <summary>"— " (U+2014 EM DASH, space): the start of every signature line.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>Signature lines accepted per note (the reference implementation's limit; the spec asks for at least 16).</summary>
    public const int MaxSignatures = 100;

    /// <summary>Upper bound on an accepted signed note, in UTF-16 chars; bounds the work of a verifier.</summary>
    public const int MaxNoteLength = 1 << 20;

    /// <summary>Key names are non-empty, contain no Unicode space and no '+', and (being part of a note) no control character.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return false;
        foreach (var c in name)
        {
            if (c == '+' || char.IsWhiteSpace(c) || char.IsControl(c))
                return false;
        }
        return IsWellFormedUtf16(name);
    }

    /// <summary>SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.</summary>
    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = AlgEd25519;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    public static string FormatKeyId(uint keyId) => keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Exactly eight lowercase hex digits, as the reference implementation writes them.</summary>
    public static bool TryParseKeyId(string s, out uint keyId)
    {
        keyId = 0;
        if (s.Length != 8)
            return false;
        foreach (var c in s)
        {
            int v = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0)
                return false;
            keyId = (keyId << 4) | (uint)v;
        }
        return true;
    }

    /// <summary>
    /// Standard base64 (RFC 4648 §4) with padding, canonical only: no whitespace, and the text
    /// must be exactly what encoding the decoded bytes gives back, so one byte string has one
    /// spelling and a changed character never decodes to the same bytes.
    /// </summary>
    public static bool TryDecodeBase64(string s, out byte[] bytes)
    {
        bytes = [];
        if (s.Length == 0 || s.Length % 4 != 0)
            return false;
        foreach (var c in s)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '='))
                return false;
        }
        var buffer = new byte[s.Length / 4 * 3];
        if (!Convert.TryFromBase64String(s, buffer, out var written))
            return false;
        var decoded = buffer.AsSpan(0, written).ToArray();
        if (!string.Equals(Convert.ToBase64String(decoded), s, StringComparison.Ordinal))
            return false;
        bytes = decoded;
        return true;
    }

    /// <summary>No lone surrogates: the string has a UTF-8 encoding (signed notes MUST be valid UTF-8).</summary>
    public static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A note text: non-empty, ends in '\n', valid UTF-8, no control character other than '\n'.</summary>
    public static bool IsValidText(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[^1] != '\n' || text.Length > MaxNoteLength)
            return false;
        foreach (var c in text)
        {
            if (c < 0x20 && c != '\n')
                return false;
        }
        return IsWellFormedUtf16(text);
    }

    /// <summary>One parsed signature line.</summary>
    public readonly record struct SignatureLine(string Name, uint KeyId, byte[] Signature);

    /// <summary>
    /// Splits a signed note at its last blank line into the text and the signature lines and
    /// parses every signature line; false when anything about the note is malformed.
    /// </summary>
    public static bool TrySplit(string? signedNote, out string text, out List<SignatureLine> signatures)
    {
        text = string.Empty;
        signatures = [];
        if (signedNote is null || signedNote.Length > MaxNoteLength || signedNote.Length == 0 || signedNote[^1] != '\n')
            return false;
        foreach (var c in signedNote)
        {
            if (c < 0x20 && c != '\n')
                return false;
        }
        if (!IsWellFormedUtf16(signedNote))
            return false;

        var split = signedNote.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
            return false;
        var candidateText = signedNote[..(split + 1)];
        var rest = signedNote[(split + 2)..];
        if (rest.Length == 0)
            return false; // at least one signature line

        var parsed = new List<SignatureLine>();
        var start = 0;
        while (start < rest.Length)
        {
            var end = rest.IndexOf('\n', start);
            if (end < 0)
                return false;
            var line = rest[start..end];
            start = end + 1;

            if (parsed.Count == MaxSignatures)
                return false;
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
                return false;
            line = line[SignaturePrefix.Length..];
            var space = line.IndexOf(' ');
            if (space < 0)
                return false;
            var name = line[..space];
            var b64 = line[(space + 1)..];
            if (!IsValidName(name) || !TryDecodeBase64(b64, out var blob) || blob.Length < 5)
                return false;
            parsed.Add(new SignatureLine(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]));
        }

        if (!IsValidText(candidateText))
            return false;
        text = candidateText;
        signatures = parsed;
        return true;
    }
}
