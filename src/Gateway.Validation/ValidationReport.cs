using Gateway.Crypto;

namespace Gateway.Validation;

/// <summary>What <see cref="DocumentValidator"/> found in one document.</summary>
public sealed record ValidationReport
{
    /// <summary>PDF or CMS.</summary>
    public required string DocumentType { get; init; }
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>In document order.</summary>
    public required IReadOnlyList<SignatureReport> Signatures { get; init; }
    public IReadOnlyList<TimeStampReport> DocumentTimeStamps { get; init; } = [];
    public IReadOnlyList<UnreadableSignature> UnreadableSignatures { get; init; } = [];

    /// <summary>Problems with the document itself (not a PDF, broken cross-reference recovered, ...).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// TOTAL_PASSED when there is at least one signature and every signature and document time-stamp passed;
    /// NO_SIGNATURE_FOUND (as ETSI's report says) when no readable signature was found, even if unreadable ones
    /// were; otherwise the worst indication. Only TOTAL_PASSED is <see cref="Passed"/>.
    /// </summary>
    public string Summary
    {
        get
        {
            if (Errors.Count > 0) return "TOTAL_FAILED";
            if (Signatures.Count == 0) return "NO_SIGNATURE_FOUND";
            var all = Signatures.Select(s => s.Indication).Concat(DocumentTimeStamps.Select(t => t.Indication)).ToList();
            if (UnreadableSignatures.Count > 0 || all.Contains(Indication.TotalFailed)) return "TOTAL_FAILED";
            return all.Contains(Indication.Indeterminate) ? "INDETERMINATE" : "TOTAL_PASSED";
        }
    }

    public bool Passed => Summary == "TOTAL_PASSED";
}
