namespace Gateway.Exchange;

/// <summary>The minimum a service asks of the signatures in a submitted document; otherwise a SubmissionRejection says why.</summary>
public sealed class SignatureRequirement
{
    /// <summary>At least this many signatures must be TOTAL_PASSED at <see cref="MinimumLegalTier"/> or above.</summary>
    public int MinimumPassed { get; set; } = 1;

    /// <summary>S9_ELECTRONIC_SIGNATURE or S26_S28_CERTIFICATE_BASED (the default: a trusted certificate).</summary>
    public string MinimumLegalTier { get; set; } = Validation.LegalTiers.CertificateBased;

    /// <summary>Refuse a document in which any signature is TOTAL_FAILED (broken, or changed after signing in a way it forbids).</summary>
    public bool RejectFailed { get; set; } = true;
}
