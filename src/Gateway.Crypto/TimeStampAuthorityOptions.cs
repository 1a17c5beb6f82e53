namespace Gateway.Crypto;

public sealed class TimeStampAuthorityOptions
{
    /// <summary>
    /// The TSA policy written in every TSTInfo. A 2.25 (UUID) OID, chosen once, because 2.25 arcs
    /// need no registration and the gateway has no OID arc of its own yet.
    /// </summary>
    public const string DefaultPolicyOid = "2.25.266180931423382856145113572902797748889";

    public string PolicyOid { get; set; } = DefaultPolicyOid;

    public int AccuracyMilliseconds { get; set; } = 1000;

    public bool Ordering { get; set; }
}
