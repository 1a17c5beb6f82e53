namespace Gateway.EvidenceLog;

/// <summary>
/// What an auditor reads from a log: the newest checkpoint, consistency proofs and entries. The
/// gateway's gRPC service, a local database (<see cref="SqliteEvidenceLog"/>) and an export file all
/// provide it; nothing it returns is trusted by <see cref="LogAuditor"/> without checking.
/// </summary>
public interface ILogSource
{
    /// <summary>The newest signed note and its time-stamp token (unverified).</summary>
    Task<(string Note, byte[] TimeStampToken)> LatestCheckpointAsync(CancellationToken ct);

    /// <summary>The checkpoint sealed at exactly that size, if there is one (unverified).</summary>
    Task<(string Note, byte[] TimeStampToken)?> CheckpointAsync(long treeSize, CancellationToken ct);

    /// <summary>The consistency proof between two tree sizes, 1 &lt;= first &lt;= second &lt;= newest.</summary>
    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken ct);

    /// <summary>Entries from <paramref name="start"/> (at least one, possibly fewer than asked) below <paramref name="end"/>, with the compact range at start.</summary>
    Task<LogEntryPage> EntriesAsync(long start, long end, CancellationToken ct);
}
