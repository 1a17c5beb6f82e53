using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto;

/// <summary>The verdict on a standalone RFC 3161 token over some data (see <see cref="TimeStampTokenVerifier"/>).</summary>
public sealed record TimeStampTokenVerification
{
    public required Indication Indication { get; init; }

    public string? SubIndication { get; init; }

    /// <summary>Why the token was refused; null when valid.</summary>
    public string? Error { get; init; }

    /// <summary>The token's TSTInfo, when the token itself held (imprint and signature).</summary>
    public TimeStampTokenInfo? Info { get; init; }

    public X509Certificate2? Authority { get; init; }

    public bool Valid => Indication == Indication.TotalPassed;
}
