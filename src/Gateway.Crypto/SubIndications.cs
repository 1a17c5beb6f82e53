namespace Gateway.Crypto;

/// <summary>The ETSI EN 319 102-1 sub-indication names <see cref="CadesVerifier"/> produces.</summary>
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
}
