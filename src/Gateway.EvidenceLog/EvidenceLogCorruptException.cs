namespace Gateway.EvidenceLog;

/// <summary>
/// Stored log data the tree commits to is missing or malformed: the database was damaged or
/// tampered with. Maps to DATA_LOSS with <see cref="EvidenceLogReasons.EntryMissing"/>; an auditor
/// reports it as a failed audit.
/// </summary>
public sealed class EvidenceLogCorruptException(string message) : Exception(message)
{
    public string Reason => EvidenceLogReasons.EntryMissing;
}
