using Gateway.Evidence;

namespace Gateway.Exchange.Internal;

/// <summary>
/// What the gateway observes itself of a submission, as methods per step graded by the catalogue, and the sender's
/// claims, always recorded as claims whatever basis the caller put on them.
/// </summary>
internal static class SubmissionMethodFacts
{
    /// <summary>Steps the gateway observes on Submit: a claim at one of them never counts in grading.</summary>
    public static readonly IReadOnlySet<string> ObservableSteps = new HashSet<string>(StringComparer.Ordinal)
    {
        ProcessSteps.Channel, ProcessSteps.RequestSubmission, ProcessSteps.Authentication, ProcessSteps.Acknowledgement,
        ProcessSteps.Signature, ProcessSteps.Timestamp,
    };

    public static StepMethod[] Observed(MethodCatalogue catalogue, ReceiptParty sender, IReadOnlyList<ValidatedSignature>? signatures,
        string timeStampAuthority, bool documentReceived, bool logged)
    {
        var methods = new List<StepMethod>
        {
            Fact(catalogue, ProcessSteps.Channel, "gateway-grpc-api", "gateway.v1.Exchange over TLS"),
            Fact(catalogue, ProcessSteps.RequestSubmission, "api-call", "structured request through the API"),
            Authentication(catalogue, sender),
            Fact(catalogue, ProcessSteps.Acknowledgement, "signed-receipt", "CAdES-B-T receipt sealed by the gateway"),
        };
        if (documentReceived) methods.Add(Fact(catalogue, ProcessSteps.SupportingDocuments, "gateway-document-exchange", "the document travels through the gateway, its SHA-256 in this receipt"));
        foreach (var signature in signatures ?? [])
        {
            if (signature.Indication != "TOTAL_PASSED") continue;
            var method = signature.LegalTier switch
            {
                Validation.LegalTiers.CertificateBased => "s26-s28-certificate-based",
                Validation.LegalTiers.ElectronicSignature => "s9-electronic-signature",
                _ => null,
            };
            if (method is null) continue;
            methods.Add(Fact(catalogue, ProcessSteps.Signature, method,
                $"{signature.FieldName ?? "signature"}: {signature.Indication}, {signature.LegalTier}" + (signature.Signer is null ? "" : $", signer {signature.Signer}"),
                new MethodEvidence(Indication: signature.Indication, LegalTier: signature.LegalTier, Signer: signature.Signer)));
        }
        methods.Add(Fact(catalogue, ProcessSteps.Timestamp, "rfc3161-tsa", $"receipt time-stamped by {timeStampAuthority}",
            new MethodEvidence(TimeStampAuthority: timeStampAuthority)));
        if (logged) methods.Add(Fact(catalogue, ProcessSteps.Archiving, "gateway-evidence-log", "receipt appended to the gateway's evidence log"));
        return [.. methods];
    }

    // The level of system-to-system authentication comes from the method catalogue; the gateway records what it saw.
    public static StepMethod Authentication(MethodCatalogue catalogue, ReceiptParty party) =>
        party.Certificate is { } certificate
            ? Fact(catalogue, ProcessSteps.Authentication, "tls-client-certificate", $"issuer: {certificate.Issuer}; certificate SHA-256 {certificate.Sha256}",
                new MethodEvidence(CertificateSha256: certificate.Sha256, CertificateIssuer: certificate.Issuer))
            : Fact(catalogue, ProcessSteps.Authentication, "development-header", "development switch: no client certificate");

    /// <summary>The sender's claims, as claims: a caller cannot make the gateway sign a claim as something it observed.</summary>
    public static IEnumerable<StepMethod> Claims(IEnumerable<StepMethod> claims) => claims.Select(c => c with { Basis = MethodBasis.Claimed });

    public static StepMethod Fact(MethodCatalogue catalogue, string step, string method, string detail, MethodEvidence? evidence = null) =>
        new(step, method, catalogue.LevelOf(step, method), MethodBasis.Observed, detail, evidence);
}
