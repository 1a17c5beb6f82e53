using Gateway.Crypto;
using Gateway.Pkix;

namespace Gateway.Validation.Internal;

/// <summary>Turns validation facts into report records.</summary>
internal static class ReportBuilder
{
    public static IReadOnlyList<CertificateReport> Chain(CertificateChainResult? chain) =>
        chain?.Chain.Select(Certificate).ToList() ?? [];

    public static CertificateReport Certificate(ChainElement element) => new()
    {
        Subject = element.Certificate.Subject,
        Issuer = element.Certificate.Issuer,
        SerialNumber = element.Certificate.SerialNumber.ToLowerInvariant(),
        NotBefore = new DateTimeOffset(element.Certificate.NotBefore.ToUniversalTime()),
        NotAfter = new DateTimeOffset(element.Certificate.NotAfter.ToUniversalTime()),
        Sha256 = element.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(),
        TrustAnchor = element.IsTrustAnchor,
        Revocation = element.Revocation.Status switch
        {
            RevocationCheckStatus.Good => "GOOD",
            RevocationCheckStatus.Revoked => "REVOKED",
            RevocationCheckStatus.Unknown => "UNKNOWN",
            RevocationCheckStatus.Unavailable => "UNAVAILABLE",
            _ => "NOT_REQUIRED",
        },
        RevocationSource = element.Revocation.Source,
        RevocationTime = element.Revocation.RevocationTime,
        RevocationDetail = element.Revocation.Detail,
    };

    public static string LegalTier(Indication indication, bool integrity, bool modified, bool trusted) =>
        !integrity || modified ? LegalTiers.None
        : indication == Indication.TotalPassed && trusted ? LegalTiers.CertificateBased
        : LegalTiers.ElectronicSignature;

}
