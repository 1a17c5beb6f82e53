using System.Globalization;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

/// <summary>
/// A sealed tree head: the C2SP checkpoint signed by the log key (<see cref="Note"/>, the exact text
/// verifiers check) and one RFC 3161 token whose message imprint is SHA-256 of the note's UTF-8 bytes.
/// </summary>
/// <remarks>
/// The note text is "&lt;origin&gt;\n&lt;size&gt;\n&lt;base64 root&gt;\ntime &lt;RFC 3339 UTC&gt;\n": the
/// three C2SP lines, then one extension line with the log's clock at sealing. The time a verifier
/// should rely on is the token's genTime; the extension only lets a reader of the note alone see it.
/// </remarks>
public sealed record SignedCheckpoint(Checkpoint Body, string Note, byte[] TimeStampToken)
{
    private const string TimePrefix = "time ";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public long Size => checked((long)Body.Size);

    public byte[] RootHash => Body.RootHash;

    public string Origin => Body.Origin;

    /// <summary>The log's clock when it sealed this checkpoint (the "time" extension line), if present.</summary>
    public DateTimeOffset? SealedAt =>
        Body.Extensions.FirstOrDefault(e => e.StartsWith(TimePrefix, StringComparison.Ordinal)) is { } line
        && DateTimeOffset.TryParseExact(line[TimePrefix.Length..], TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>The checkpoint body the log signs: origin, size, root and the time extension line.</summary>
    public static Checkpoint MakeBody(string origin, long size, byte[] root, DateTimeOffset sealedAt) =>
        new(origin, checked((ulong)size), root, [TimePrefix + sealedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)]);

    /// <summary>
    /// Opens a signed note with the log's key: true when the signature verifies and the text is a
    /// checkpoint of the key's origin. Never throws.
    /// </summary>
    public static bool TryOpen(string note, byte[]? token, NoteVerifier verifier, out SignedCheckpoint? checkpoint)
    {
        checkpoint = null;
        if (note is null || verifier is null || !Checkpoints.TryOpen(note, verifier, out var body) || body!.Origin != verifier.Name)
            return false;
        checkpoint = new SignedCheckpoint(body, note, token ?? []);
        return true;
    }

    /// <summary>Reads the checkpoint in a signed note WITHOUT checking the signature (to learn its origin and size before choosing a key).</summary>
    public static bool TryReadUnverified(string note, out Checkpoint? body)
    {
        body = null;
        if (string.IsNullOrEmpty(note)) return false;
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        return split >= 0 && Checkpoint.TryParse(note[..(split + 1)], out body);
    }
}
