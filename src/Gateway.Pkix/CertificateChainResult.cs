using Gateway.Crypto;

namespace Gateway.Pkix;

/// <summary>
/// The outcome of X.509 validation (ETSI EN 319 102-1 §5.2.6) of one certificate at one time. Chain is leaf
/// first, trust anchor last when one was reached; otherwise the best partial path found (at least the leaf).
/// </summary>
public sealed record CertificateChainResult
{
    public required Indication Indication { get; init; }

    /// <summary>ETSI sub-indication (<see cref="SubIndications"/>), null when passed.</summary>
    public string? SubIndication { get; init; }

    /// <summary>Human readable reasons, most important first; empty when passed.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Weaknesses that do not fail the chain (e.g. RSA 1024 on an intermediate, SHA-1 in a root's self-signature).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required IReadOnlyList<ChainElement> Chain { get; init; }

    /// <summary>True when the chain ends at a configured trust anchor (whatever else failed).</summary>
    public bool ChainsToTrustAnchor { get; init; }

    /// <summary>The time the chain was judged at: the proof of existence when one was used, else the validation time.</summary>
    public DateTimeOffset ValidatedAt { get; init; }

    public bool Passed => Indication == Indication.TotalPassed;
}
