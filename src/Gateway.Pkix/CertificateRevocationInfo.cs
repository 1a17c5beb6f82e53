namespace Gateway.Pkix;

/// <param name="Source">Where the answer came from, e.g. "DSS OCSP", "CMS CRL", "OCSP http://…", "CRL http://…", "trust anchor".</param>
/// <param name="IssuedAt">OCSP producedAt or CRL thisUpdate of the answer used.</param>
/// <param name="Detail">Why the status is what it is, for humans (why unavailable, which responder signed).</param>
public sealed record CertificateRevocationInfo(
    RevocationCheckStatus Status,
    string Source,
    DateTimeOffset? IssuedAt = null,
    DateTimeOffset? NextUpdate = null,
    DateTimeOffset? RevocationTime = null,
    string? RevocationReason = null,
    string? Detail = null);
