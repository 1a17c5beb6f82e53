namespace Gateway.Evidence;

/// <summary>
/// What an observed method rests on, so that a reader of the receipt can check it: the client certificate's SHA-256 and
/// issuer (authentication), a signature's validation indication and legal tier (signature), the time-stamp authority
/// (timestamp). Only what applies is set.
/// </summary>
public sealed record MethodEvidence(
    string? CertificateSha256 = null,
    string? CertificateIssuer = null,
    string? Indication = null,
    string? LegalTier = null,
    string? Signer = null,
    string? TimeStampAuthority = null);
