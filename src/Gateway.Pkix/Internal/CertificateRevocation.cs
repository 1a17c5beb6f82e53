namespace Gateway.Pkix.Internal;

/// <summary>What is known about one certificate's revocation: verified answers, and why other data was not used.</summary>
internal sealed class CertificateRevocation(ParsedCertificate certificate, ParsedCertificate issuer)
{
    public ParsedCertificate Certificate { get; } = certificate;

    public ParsedCertificate Issuer { get; } = issuer;

    /// <summary>Embedded answers first (OCSP, then CRLs, in material order), then the fetched one.</summary>
    public List<RevocationAnswer> Answers { get; } = [];

    /// <summary>Embedded data about this certificate that could not be trusted.</summary>
    public List<string> Problems { get; } = [];

    public bool Fetched { get; set; }

    /// <summary>Why fetching gave no answer.</summary>
    public string? FetchProblem { get; set; }
}
