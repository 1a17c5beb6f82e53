using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto;

public sealed record CadesVerificationResult
{
    public required Indication Indication { get; init; }

    /// <summary>ETSI EN 319 102-1 sub-indication name (e.g. HASH_FAILURE), null when passed.</summary>
    public string? SubIndication { get; init; }

    public bool Valid => Indication == Indication.TotalPassed;

    /// <summary>Human readable, in the order found.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>What was checked and passed, in order.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>The encapsulated content, when present.</summary>
    public byte[]? Content { get; init; }

    public X509Certificate2? SignerCertificate { get; init; }

    public TimeStampTokenInfo? SignatureTimeStamp { get; init; }

    public X509Certificate2? TimeStampAuthorityCertificate { get; init; }
}
