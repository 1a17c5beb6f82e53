namespace Gateway.EvidenceLog;

/// <summary>
/// The log refuses new entries: sealing has failed for longer than the configured bound and the
/// policy is fail-closed. Maps to UNAVAILABLE with <see cref="EvidenceLogReasons.Unavailable"/>.
/// </summary>
public sealed class EvidenceLogUnavailableException(string message) : Exception(message)
{
    public string Reason => EvidenceLogReasons.Unavailable;
}
