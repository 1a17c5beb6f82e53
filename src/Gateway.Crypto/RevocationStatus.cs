namespace Gateway.Crypto;

/// <summary>A certificate's revocation status as an OCSP responder or a CRL states it.</summary>
public enum RevocationStatus
{
    Good,
    Revoked,

    /// <summary>The responder does not know the certificate (for instance another CA's).</summary>
    Unknown,
}
