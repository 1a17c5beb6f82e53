using Gateway.Crypto;

namespace Gateway.Server.Internal.VerificationPage;

internal static class Verdicts
{
    /// <summary>Any failure is red; all passed is green; anything else (indeterminate, nothing found) is amber.</summary>
    public static Verdict Of(IReadOnlyCollection<Indication> indications) =>
        indications.Contains(Indication.TotalFailed) ? Verdict.Red
        : indications.Count > 0 && indications.All(i => i == Indication.TotalPassed) ? Verdict.Green
        : Verdict.Amber;

    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Green => "green",
        Verdict.Red => "red",
        _ => "amber",
    };
}
