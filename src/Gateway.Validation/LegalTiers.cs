namespace Gateway.Validation;

/// <summary>
/// The tier of the Electronic Transactions Act B.E. 2544 a validated signature meets (see DOMAIN.md). The
/// validator can only prove technical facts; whether a method was "reliable enough" under s.9 is for a court.
/// </summary>
public static class LegalTiers
{
    /// <summary>Integrity fails or the document was changed in a way the signature does not allow: no signature to rely on.</summary>
    public const string None = "NONE";

    /// <summary>
    /// s.9: the signature identifies a signer and the signed data is intact, but the certificate does not chain
    /// to a trusted authority or its status could not be established.
    /// </summary>
    public const string ElectronicSignature = "S9_ELECTRONIC_SIGNATURE";

    /// <summary>
    /// s.26 and s.28: a reliable signature with a certificate from a trusted certification authority, valid
    /// (not revoked) when the signature was made: TOTAL_PASSED with a chain to a configured trust anchor.
    /// </summary>
    public const string CertificateBased = "S26_S28_CERTIFICATE_BASED";
}
