namespace Gateway.Pkix;

/// <summary>What the end-entity certificate is being validated for; decides the key usage and EKU it must have.</summary>
public enum CertificatePurpose
{
    /// <summary>A signer of documents: digitalSignature or nonRepudiation key usage (ETSI EN 319 102-1 §5.2.3).</summary>
    Signer,

    /// <summary>An RFC 3161 time-stamping unit: the id-kp-timeStamping EKU, and only it, critical (RFC 3161 §2.3).</summary>
    TimeStamping,

    /// <summary>A delegated OCSP responder: the id-kp-OCSPSigning EKU (RFC 6960 §4.2.2.2).</summary>
    OcspSigning,
}
