using Gateway.Crypto;

namespace Gateway.Validation.Internal;

/// <summary>The first failed check decides the indication; later ones only add errors.</summary>
internal sealed class Outcome
{
    public Indication Indication { get; private set; } = Indication.TotalPassed;
    public string? SubIndication { get; private set; }
    public List<string> Errors { get; } = [];

    public void Fail(Indication indication, string subIndication, string error)
    {
        if (Indication == Indication.TotalPassed)
        {
            Indication = indication;
            SubIndication = subIndication;
        }

        Errors.Add(error);
    }

    public static Indication IndicationOf(string subIndication) => subIndication switch
    {
        "FORMAT_FAILURE" or "HASH_FAILURE" or "SIG_CRYPTO_FAILURE" or "REVOKED" or "EXPIRED" or "NOT_YET_VALID" => Indication.TotalFailed,
        _ => Indication.Indeterminate,
    };
}
