namespace Gateway.EvidenceLog;

/// <summary>
/// The outcome of an audit: <see cref="AppendOnly"/> when the old checkpoint's tree is a prefix of the
/// new one and every entry checked hashes to the signed roots. <see cref="NewCheckpoint"/> is the
/// newest signed note, to keep for the next audit.
/// </summary>
public sealed record LogAuditResult(long OldSize, long NewSize, string? NewCheckpoint, long EntriesChecked, IReadOnlyList<string> Checks, IReadOnlyList<string> Problems)
{
    public bool AppendOnly => Problems.Count == 0;
}
