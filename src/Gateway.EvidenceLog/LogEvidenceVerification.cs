using Gateway.Crypto;

namespace Gateway.EvidenceLog;

/// <summary>The verdict on a receipt's inclusion evidence: what was checked, and what failed.</summary>
public sealed record LogEvidenceVerification(IReadOnlyList<string> Checks, IReadOnlyList<string> Errors, SignedCheckpoint? Checkpoint, TimeStampTokenInfo? CheckpointTimeStamp)
{
    public bool Valid => Errors.Count == 0;
}
