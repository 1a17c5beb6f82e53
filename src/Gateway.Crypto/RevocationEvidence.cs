namespace Gateway.Crypto;

/// <summary>
/// A verified revocation answer and the signed object it came from, ready to embed for long-term validation
/// (PAdES B-LT / CAdES-X-L): exactly one of <see cref="OcspResponse"/> (a whole DER OCSPResponse) and
/// <see cref="Crl"/> (a DER CertificateList) is set.
/// </summary>
public sealed record RevocationEvidence(
    RevocationStatus Status,
    byte[]? OcspResponse,
    byte[]? Crl,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    DateTimeOffset? RevocationTime,
    string Source);
