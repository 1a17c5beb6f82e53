namespace Gateway.Pkix;

public sealed class CertificateValidatorOptions
{
    /// <summary>Fetch OCSP / CRL over the network when the material holds no usable answer.</summary>
    public bool FetchRevocation { get; set; } = true;

    public RevocationPolicy WhenRevocationUnavailable { get; set; } = RevocationPolicy.Indeterminate;

    /// <summary>Allowed clock difference when comparing revocation data times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>RSA keys shorter than this fail the chain (CRYPTO_CONSTRAINTS_FAILURE); 2048 warns below 2048.</summary>
    public int MinimumRsaKeyBits { get; set; } = 1024;

    /// <summary>
    /// How long after its thisUpdate an answer without nextUpdate still counts as current. Answers with a nextUpdate
    /// are current until then; answers issued after the time being proven are always fresh enough.
    /// </summary>
    public TimeSpan RevocationFreshnessWithoutNextUpdate { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest chain considered, trust anchor included, so that path building always ends.</summary>
    public int MaxPathLength { get; set; } = 10;
}
