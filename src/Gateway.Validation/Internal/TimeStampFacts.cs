using System.Security.Cryptography.X509Certificates;
using Gateway.Pkix;

namespace Gateway.Validation.Internal;

/// <summary>What an RFC 3161 TimeStampToken says and whether its cryptography holds; the TSA's chain is judged later.</summary>
internal sealed record TimeStampFacts(
    bool Integrity,
    string? FailureSubIndication,
    string? Error,
    DateTimeOffset? GenTime,
    string? TsaName,
    X509Certificate2? TsaCertificate,
    string? ImprintDigestOid,
    ValidationMaterial Material);
