namespace Gateway.Crypto;

/// <summary>
/// A revocation answer found in a signed object (a PDF's DSS, CAdES revocation values) whose signature and issuer
/// have been verified for one certificate. Whether it is recent enough is the caller's judgement: it depends on the
/// time being proven.
/// </summary>
/// <param name="Evidence">The status and the answer's own times; Source is "embedded OCSP" or "embedded CRL", and
/// OcspResponse is always a whole OCSPResponse, even when a bare BasicOCSPResponse was embedded.</param>
/// <param name="IssuedAt">OCSP producedAt, or the CRL's thisUpdate.</param>
/// <param name="RevocationReason">RFC 5280 CRLReason name ("keyCompromise", ...) when revoked with a reason.</param>
/// <param name="SignedBy">Who signed the answer, for humans: the issuer or a delegated responder.</param>
public sealed record EmbeddedRevocationAnswer(
    RevocationEvidence Evidence,
    DateTimeOffset IssuedAt,
    string? RevocationReason,
    string SignedBy);
