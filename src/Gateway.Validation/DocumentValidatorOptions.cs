namespace Gateway.Validation;

public sealed class DocumentValidatorOptions
{
    /// <summary>Judge at this time instead of now (for reproducible reports and tests).</summary>
    public DateTimeOffset? ValidationTime { get; set; }

    /// <summary>Larger documents are refused before parsing.</summary>
    public long MaxDocumentBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The date after which a digest algorithm may no longer make a signature without a proof of existence
    /// from before it (ETSI TS 119 312). Keys: digest OIDs. Unknown digests are refused.
    /// </summary>
    public IDictionary<string, DateTimeOffset> DigestAlgorithmExpiry { get; } = new Dictionary<string, DateTimeOffset>
    {
        ["1.2.840.113549.2.5"] = new(2005, 1, 1, 0, 0, 0, TimeSpan.Zero), // MD5
        ["1.3.14.3.2.26"] = new(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), // SHA-1
        ["2.16.840.1.101.3.4.2.4"] = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), // SHA-224
        ["2.16.840.1.101.3.4.2.1"] = DateTimeOffset.MaxValue, // SHA-256
        ["2.16.840.1.101.3.4.2.2"] = DateTimeOffset.MaxValue, // SHA-384
        ["2.16.840.1.101.3.4.2.3"] = DateTimeOffset.MaxValue, // SHA-512
        ["2.16.840.1.101.3.4.2.8"] = DateTimeOffset.MaxValue, // SHA3-256
        ["2.16.840.1.101.3.4.2.9"] = DateTimeOffset.MaxValue, // SHA3-384
        ["2.16.840.1.101.3.4.2.10"] = DateTimeOffset.MaxValue, // SHA3-512
    };
}
