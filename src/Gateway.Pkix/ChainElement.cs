using System.Security.Cryptography.X509Certificates;

namespace Gateway.Pkix;

/// <summary>One certificate of a validated chain, with the revocation status found for it.</summary>
public sealed record ChainElement(X509Certificate2 Certificate, bool IsTrustAnchor, CertificateRevocationInfo Revocation);
