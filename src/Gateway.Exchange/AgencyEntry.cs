namespace Gateway.Exchange;

/// <summary>
/// An agency known to the gateway and the TLS client certificate that authenticates it: the subject
/// must match and, when set, the certificate's SHA-256 too (pinning, for when a CA issues lookalikes).
/// </summary>
public sealed record AgencyEntry
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public required string ClientCertificateSubject { get; init; }
    public string? ClientCertificateSha256 { get; init; }
}
