namespace Gateway.Validation;

/// <summary>One certificate of a signer's or a time-stamping unit's chain, leaf first.</summary>
public sealed record CertificateReport
{
    public required string Subject { get; init; }
    public required string Issuer { get; init; }
    public required string SerialNumber { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required string Sha256 { get; init; }
    public bool TrustAnchor { get; init; }

    /// <summary>GOOD, REVOKED, UNKNOWN, UNAVAILABLE or NOT_REQUIRED.</summary>
    public required string Revocation { get; init; }
    public string? RevocationSource { get; init; }
    public DateTimeOffset? RevocationTime { get; init; }
    public string? RevocationDetail { get; init; }
}
