namespace Gateway.Pkix;

/// <summary>What revocation checking found for one certificate of a chain.</summary>
public enum RevocationCheckStatus
{
    Good,
    Revoked,

    /// <summary>The responder or CRL issuer does not know the certificate.</summary>
    Unknown,

    /// <summary>No revocation data could be had (none embedded, fetching off or failed).</summary>
    Unavailable,

    /// <summary>Not checked, and needs no check: a trust anchor, or an OCSP responder with id-pkix-ocsp-nocheck.</summary>
    NotRequired,
}
