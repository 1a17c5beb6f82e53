namespace Gateway.Server.Internal;

/// <summary>
/// One agency's share of the limits: its token bucket and its open streams. Mutated only under its own lock by
/// <see cref="AgencyLimiter"/>, so that agencies never contend with each other.
/// </summary>
internal sealed class AgencyUsage(double tokens, long refilledAt)
{
    public readonly Lock Gate = new();

    /// <summary>Calls the agency may still make now; fractional between refills.</summary>
    public double Tokens = tokens;

    /// <summary>When <see cref="Tokens"/> was last brought up to date (a <see cref="TimeProvider"/> timestamp).</summary>
    public long RefilledAt = refilledAt;

    public int OpenStreams;
}
