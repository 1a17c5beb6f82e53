namespace Gateway.EvidenceLog;

/// <summary>
/// Consecutive entries from <see cref="Start"/>, and the compact range of the tree before them (the
/// perfect subtree roots of leaves [0, Start), largest first), so that an auditor can recompute
/// every root from Start on without fetching earlier entries.
/// </summary>
public sealed record LogEntryPage(long Start, IReadOnlyList<byte[]> StartRange, IReadOnlyList<LogEntry> Entries);
