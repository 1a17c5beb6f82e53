using Gateway.Crypto;

namespace Gateway.Validation;

/// <summary>A signature time-stamp (CAdES id-aa-signatureTimeStampToken) or a PDF document time-stamp (ETSI.RFC3161).</summary>
public sealed record TimeStampReport
{
    /// <summary>SIGNATURE_TIMESTAMP or DOCUMENT_TIMESTAMP.</summary>
    public required string Type { get; init; }
    public required Indication Indication { get; init; }
    public string? SubIndication { get; init; }

    /// <summary>The message imprint matches the time-stamped data and the token's signature verifies.</summary>
    public required bool Integrity { get; init; }
    public DateTimeOffset? GenTime { get; init; }
    public string? TimeStampAuthority { get; init; }
    public IReadOnlyList<CertificateReport> Chain { get; init; } = [];

    /// <summary>For a document time-stamp: its signature field name, the revision it covers, and what changed after it.</summary>
    public string? FieldName { get; init; }
    public int? Revision { get; init; }
    public bool CoversWholeDocument { get; init; }
    public bool ModifiedAfterSigning { get; init; }
    public IReadOnlyList<Modification> Modifications { get; init; } = [];
    public IReadOnlyList<string> Errors { get; init; } = [];
}
