namespace Gateway.EvidenceLog;

/// <summary>The log's state as health checks and metrics report it.</summary>
/// <param name="Healthy">Sealing works, or has failed for no longer than the bound.</param>
/// <param name="Accepting">New entries are taken (always when healthy; also when unhealthy if the policy keeps accepting).</param>
/// <param name="Size">Entries folded into the tree.</param>
/// <param name="SealedSize">Size of the newest checkpoint; proofs are served up to it.</param>
/// <param name="FailingSince">When the current run of failed seals began; null when the last seal worked.</param>
/// <param name="LastError">Why the last seal failed (a stable reason such as TSA_UNREACHABLE, and a message).</param>
public sealed record EvidenceLogHealth(bool Healthy, bool Accepting, long Size, long SealedSize, DateTimeOffset? LastSealAt, DateTimeOffset? FailingSince, string? LastError);
