namespace Gateway.Evidence;

/// <summary>
/// The validation of one signature found in a submitted document, as the receipt records it: the summary fields
/// of Gateway.Validation's report (ETSI EN 319 102-1 vocabulary), so that the receipt alone says what held.
/// </summary>
/// <param name="Indication">TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE.</param>
/// <param name="LegalTier">NONE, S9_ELECTRONIC_SIGNATURE or S26_S28_CERTIFICATE_BASED.</param>
public sealed record ValidatedSignature(
    string Indication,
    bool Integrity,
    bool ModifiedAfterSigning,
    string LegalTier,
    string? SubIndication = null,
    string? Level = null,
    string? Signer = null,
    DateTimeOffset? SigningTime = null,
    DateTimeOffset? ProvenSigningTime = null,
    string? FieldName = null);
