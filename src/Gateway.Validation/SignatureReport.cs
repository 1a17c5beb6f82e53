using Gateway.Crypto;

namespace Gateway.Validation;

/// <summary>The validation of one signature, in the vocabulary of ETSI EN 319 102-1.</summary>
public sealed record SignatureReport
{
    /// <summary>"S1", "S2"… in document order (the order of the revisions they sign).</summary>
    public required string Id { get; init; }
    public required Indication Indication { get; init; }
    public string? SubIndication { get; init; }

    /// <summary>The digest of the signed data and the signature value both verify.</summary>
    public required bool Integrity { get; init; }

    /// <summary>A change that the signature does not permit follows the signed revision.</summary>
    public required bool ModifiedAfterSigning { get; init; }

    /// <summary>Anything other than signatures, time-stamps and validation data changed after it, allowed or not (EU DSS's "modified").</summary>
    public bool ContentChangedAfterSigning { get; init; }

    /// <summary>See <see cref="SignatureLevels"/>; null when nothing could be parsed.</summary>
    public string? Level { get; init; }

    /// <summary>The signer certificate's subject, when found.</summary>
    public string? Signer { get; init; }

    /// <summary>The time the signer claims (PDF /M or CMS signing-time); unproven.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>The earliest time a valid time-stamp proves the signature existed at.</summary>
    public DateTimeOffset? ProvenSigningTime { get; init; }

    /// <summary>See <see cref="LegalTiers"/>.</summary>
    public required string LegalTier { get; init; }

    public string? FieldName { get; init; }
    public string? SubFilter { get; init; }
    public string? DigestAlgorithm { get; init; }
    public string? SignatureAlgorithm { get; init; }

    /// <summary>Index of the PDF revision the signature covers (0 = the original file).</summary>
    public int? Revision { get; init; }
    public long[]? ByteRange { get; init; }
    public bool CoversWholeDocument { get; init; }
    public int? DocMdpPermission { get; init; }
    public bool Certification { get; init; }

    public IReadOnlyList<CertificateReport> Chain { get; init; } = [];
    public bool ChainsToTrustAnchor { get; init; }
    public IReadOnlyList<TimeStampReport> SignatureTimeStamps { get; init; } = [];
    public IReadOnlyList<Modification> Modifications { get; init; } = [];

    /// <summary>Why the indication is not TOTAL_PASSED, most important first.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
