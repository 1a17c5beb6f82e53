using System.Globalization;
using System.Text;
using Gateway.Merkle.Internal;

namespace Gateway.Merkle;

/// <summary>
/// A transparency log checkpoint body (https://c2sp.org/tlog-checkpoint): the origin (the
/// log's unique name), the tree size and the RFC 6962 root hash at that size, then optional
/// extension lines (NOT RECOMMENDED by the spec: monitors cannot audit them).
/// </summary>
/// <remarks>Record equality compares <see cref="RootHash"/> and <see cref="Extensions"/> by reference; compare
/// <see cref="ToNoteText"/> for value equality.</remarks>
public sealed record Checkpoint(string Origin, ulong Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, ulong size, byte[] rootHash) : this(origin, size, rootHash, []) { }

    /// <summary>
    /// The note text: "&lt;origin&gt;\n&lt;size&gt;\n&lt;base64 root&gt;\n" followed by one
    /// "&lt;extension&gt;\n" per extension line.
    /// </summary>
    /// <exception cref="InvalidOperationException">The origin or an extension line is empty or contains a
    /// newline or other control character, or the root hash is not 32 bytes.</exception>
    public string ToNoteText()
    {
        if (!IsValidLine(Origin))
            throw new InvalidOperationException("a checkpoint origin is a non-empty line without control characters");
        if (RootHash is null || RootHash.Length != Rfc6962.HashSize)
            throw new InvalidOperationException($"a checkpoint root hash is {Rfc6962.HashSize} bytes");
        var text = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions ?? [])
        {
            if (!IsValidLine(extension))
                throw new InvalidOperationException("a checkpoint extension line is a non-empty line without control characters");
            text.Append(extension).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses a checkpoint note text, strictly: at least three non-empty lines each ending in
    /// '\n'; a decimal size without sign, spaces or leading zeros (except "0") that fits in 64
    /// bits; a root in canonical standard base64 of exactly 32 bytes. Never throws.
    /// </summary>
    public static bool TryParse(string noteText, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        if (string.IsNullOrEmpty(noteText) || noteText[^1] != '\n' || !NoteFormat.IsWellFormedUtf16(noteText))
            return false;
        var lines = noteText[..^1].Split('\n');
        if (lines.Length < 3)
            return false;
        foreach (var line in lines)
        {
            if (!IsValidLine(line))
                return false;
        }
        if (!TryParseSize(lines[1], out var size))
            return false;
        if (!NoteFormat.TryDecodeBase64(lines[2], out var root) || root.Length != Rfc6962.HashSize)
            return false;
        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        return true;
    }

    private static bool TryParseSize(string s, out ulong size)
    {
        size = 0;
        if (s.Length == 0 || s.Length > 20 || (s.Length > 1 && s[0] == '0'))
            return false;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static bool IsValidLine(string? line)
    {
        if (string.IsNullOrEmpty(line))
            return false;
        foreach (var c in line)
        {
            if (c < 0x20)
                return false;
        }
        return NoteFormat.IsWellFormedUtf16(line);
    }
}
