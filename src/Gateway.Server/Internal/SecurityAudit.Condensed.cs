namespace Gateway.Server.Internal;

internal sealed partial class SecurityAudit
{
    /// <summary>When a condensed key was last written (a TimeProvider timestamp), and how many of its records were left out since.</summary>
    private sealed class Condensed
    {
        public long? WrittenAt { get; set; }
        public long Left { get; set; }
    }
}
