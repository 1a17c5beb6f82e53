using Gateway.Crypto;

namespace Gateway.EvidenceLog;

/// <summary>How much <see cref="LogAuditor.AuditAsync"/> checks.</summary>
public sealed class LogAuditOptions
{
    /// <summary>
    /// False (default): check the entries appended since the old checkpoint, as a monitor that audited
    /// up to it does. True: re-read and re-hash every entry from the first, so that a changed or
    /// deleted old row is found too.
    /// </summary>
    public bool Full { get; init; }

    /// <summary>When set, the new checkpoint's RFC 3161 token must verify to these anchors.</summary>
    public TrustStore? TimeStampTrust { get; init; }
}
