namespace Gateway.Crypto;

public sealed class RevocationClientOptions
{
    /// <summary>Per HTTP request (OCSP POST or CRL GET), body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an answer without nextUpdate is cached.</summary>
    public TimeSpan DefaultCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bound of the in-memory cache; the oldest entries are dropped first.</summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    /// <summary>Ask the CRL distribution points first and OCSP only when they fail.</summary>
    public bool PreferCrl { get; set; }

    /// <summary>Tolerated clock difference when checking thisUpdate / nextUpdate.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
