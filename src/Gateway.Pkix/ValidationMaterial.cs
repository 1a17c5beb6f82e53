using System.Security.Cryptography.X509Certificates;

namespace Gateway.Pkix;

/// <summary>
/// Certificates and revocation data that came with the signed object (CMS certificates and revocation values,
/// a PDF's DSS dictionary, a time-stamp token's certificates). They are candidates only: a chain must still end
/// at a configured trust anchor, and revocation data must still be signed by the right issuer or responder.
/// </summary>
public sealed record ValidationMaterial
{
    public static ValidationMaterial Empty { get; } = new();

    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];

    /// <summary>DER OCSPResponse or BasicOCSPResponse values, as the DSS /OCSPs streams and CAdES revocation values hold them.</summary>
    public IReadOnlyList<byte[]> OcspResponses { get; init; } = [];

    /// <summary>DER CertificateList values.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    public ValidationMaterial Merge(ValidationMaterial other) => new()
    {
        Certificates = [.. Certificates, .. other.Certificates],
        OcspResponses = [.. OcspResponses, .. other.OcspResponses],
        Crls = [.. Crls, .. other.Crls],
    };
}
