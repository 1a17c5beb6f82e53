using Gateway.Evidence;
using Gateway.Validation;

namespace Gateway.Exchange.Internal;

/// <summary>Validates the signatures of a submitted PDF and holds them against the service's requirement.</summary>
internal sealed class SubmissionSignatures(DocumentValidator validator, ExchangeOptions options)
{
    private const string Pdf = "application/pdf";

    /// <summary>Null when the document is not a PDF or validation is off and nothing is required.</summary>
    /// <exception cref="ExchangeException">SIGNATURE_REQUIREMENT_NOT_MET, with what was found.</exception>
    public async Task<IReadOnlyList<ValidatedSignature>?> CheckAsync(SubmissionHeader header, BlobInfo blob, ContentAddressedBlobStore blobs, CancellationToken ct)
    {
        var requirement = Requirement(header.ServiceId);
        if (header.MediaType != Pdf)
        {
            if (requirement is null) return null;
            throw Refuse($"service '{header.ServiceId}' requires signatures, and only signed PDFs are validated; got {header.MediaType}", []);
        }

        if (!options.ValidateSignatures && requirement is null) return null;
        if (blob.Length > options.MaxValidatedBytes)
        {
            // Streaming keeps memory bounded; validation of a document this large is not done in line.
            if (requirement is null) return null;
            throw Refuse($"service '{header.ServiceId}' requires signatures, and documents over {options.MaxValidatedBytes} bytes are not validated on submission", []);
        }

        var bytes = new byte[blob.Length];
        await using (var stream = blobs.OpenRead(blob.Sha256))
        {
            await stream.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
        }

        var report = await validator.ValidatePdfAsync(bytes, ct).ConfigureAwait(false);
        var found = Summarise(report);
        if (requirement is not null && Unmet(requirement, report) is { } why) throw Refuse(why, found);
        return found;
    }

    public static IReadOnlyList<ValidatedSignature> Summarise(ValidationReport report) =>
    [
        .. report.Signatures.Select(s => new ValidatedSignature(ValidationReportJson.Name(s.Indication), s.Integrity, s.ModifiedAfterSigning, s.LegalTier,
            s.SubIndication, s.Level, s.Signer, s.SigningTime, s.ProvenSigningTime, s.FieldName)),
        .. report.UnreadableSignatures.Select(u => new ValidatedSignature("TOTAL_FAILED", false, false, LegalTiers.None, "FORMAT_FAILURE", FieldName: u.FieldName)),
    ];

    private SignatureRequirement? Requirement(string serviceId) =>
        options.SignatureRequirements.TryGetValue(serviceId, out var exact) ? exact
        : options.SignatureRequirements.TryGetValue("*", out var fallback) ? fallback
        : null;

    private static string? Unmet(SignatureRequirement requirement, ValidationReport report)
    {
        if (report.Errors.Count > 0) return "the document cannot be validated: " + string.Join("; ", report.Errors);
        if (requirement.RejectFailed)
        {
            var failed = report.Signatures.FirstOrDefault(s => s.Indication == Crypto.Indication.TotalFailed);
            if (failed is not null) return $"signature {failed.FieldName ?? failed.Id} is TOTAL_FAILED/{failed.SubIndication}: {failed.Errors.FirstOrDefault()}";
            if (report.UnreadableSignatures.Count > 0) return $"signature field {report.UnreadableSignatures[0].FieldName} holds no readable signature";
        }

        var passed = report.Signatures.Count(s => s.Indication == Crypto.Indication.TotalPassed && Rank(s.LegalTier) >= Rank(requirement.MinimumLegalTier));
        return passed >= requirement.MinimumPassed ? null
            : $"{passed} signature(s) are TOTAL_PASSED at {requirement.MinimumLegalTier} or above; the service requires {requirement.MinimumPassed}"
              + (report.Signatures.FirstOrDefault(s => s.Indication != Crypto.Indication.TotalPassed) is { } other ? $" ({other.FieldName ?? other.Id}: {ValidationReportJson.Name(other.Indication)}/{other.SubIndication})" : "");
    }

    private static int Rank(string tier) => tier switch
    {
        LegalTiers.CertificateBased => 2,
        LegalTiers.ElectronicSignature => 1,
        _ => 0,
    };

    private static ExchangeException Refuse(string message, IReadOnlyList<ValidatedSignature> found) =>
        new(ExchangeErrorKind.FailedPrecondition, ExchangeReasons.SignatureRequirementNotMet, message, "content") { Signatures = found };
}
