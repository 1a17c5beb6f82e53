using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>
/// Collects problems from every stage. The stages run in ETSI's order (chain, cryptography, constraints, time and
/// revocation), so the first failure recorded is the one that decides the indication; later ones are still listed.
/// </summary>
internal sealed class Findings
{
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];

    public Indication Indication { get; private set; } = Indication.TotalPassed;

    public string? SubIndication { get; private set; }

    public bool Failed => Indication != Indication.TotalPassed;

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public void Fail(Indication indication, string subIndication, string message)
    {
        if (!Failed)
        {
            Indication = indication;
            SubIndication = subIndication;
        }

        _errors.Add(message);
    }

    public void Warn(string message)
    {
        if (!_warnings.Contains(message))
        {
            _warnings.Add(message);
        }
    }
}
