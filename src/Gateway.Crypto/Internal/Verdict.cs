namespace Gateway.Crypto.Internal;

/// <summary>A failed check: the ETSI indication and sub-indication plus a human readable reason.</summary>
internal sealed record Verdict(Indication Indication, string SubIndication, string Error)
{
    public static Verdict Failed(string subIndication, string error) => new(Indication.TotalFailed, subIndication, error);

    public static Verdict Indeterminate(string subIndication, string error) => new(Indication.Indeterminate, subIndication, error);

    public Verdict Prefixed(string prefix) => this with { Error = prefix + Error };
}
