namespace Gateway.Crypto;

public sealed class DevPkiOptions
{
    /// <summary>Agency identifiers; lowercase letters, digits and '-' (they become folder names).</summary>
    public IReadOnlyList<string> Agencies { get; set; } = ["agency-a", "agency-b"];

    /// <summary>Regenerate everything, CA included, even when the files exist.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Validity of end-entity certificates (capped by the issuing CA's).</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(825);

    /// <summary>
    /// Where the development OCSP responder and CRLs are served: end-entity certificates get an AIA id-ad-ocsp
    /// <c>{base}/ocsp</c> and a CRL distribution point <c>{base}/crl/issuing.crl</c>, the issuing CA one at
    /// <c>{base}/crl/root.crl</c>. Only read when certificates are issued.
    /// </summary>
    public string RevocationBaseUrl { get; set; } = "http://127.0.0.1:7444";
}
