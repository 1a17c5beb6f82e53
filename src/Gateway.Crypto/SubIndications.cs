namespace Gateway.Crypto;

/// <summary>ETSI EN 319 102-1 §5.1.3 sub-indication names, spelled as the standard spells them.</summary>
public static class SubIndications
{
    public const string FormatFailure = "FORMAT_FAILURE";
    public const string HashFailure = "HASH_FAILURE";
    public const string SigCryptoFailure = "SIG_CRYPTO_FAILURE";
    public const string SigConstraintsFailure = "SIG_CONSTRAINTS_FAILURE";
    public const string NoSigningCertificateFound = "NO_SIGNING_CERTIFICATE_FOUND";
    public const string NoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND";
    public const string ChainConstraintsFailure = "CHAIN_CONSTRAINTS_FAILURE";
    public const string OutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE";
    public const string SignedDataNotFound = "SIGNED_DATA_NOT_FOUND";
    public const string CryptoConstraintsFailure = "CRYPTO_CONSTRAINTS_FAILURE";
    public const string CryptoConstraintsFailureNoPoe = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE";
    public const string Revoked = "REVOKED";
    public const string RevokedNoPoe = "REVOKED_NO_POE";
    public const string RevokedCaNoPoe = "REVOKED_CA_NO_POE";
    public const string OutOfBoundsNotRevoked = "OUT_OF_BOUNDS_NOT_REVOKED";
    public const string Expired = "EXPIRED";
    public const string NotYetValid = "NOT_YET_VALID";
    public const string TryLater = "TRY_LATER";
    public const string CertificateChainGeneralFailure = "CERTIFICATE_CHAIN_GENERAL_FAILURE";
    public const string TimestampOrderFailure = "TIMESTAMP_ORDER_FAILURE";
    public const string NoPoe = "NO_POE";
    public const string PolicyProcessingError = "POLICY_PROCESSING_ERROR";
}
