using Gateway.Crypto;

namespace Gateway.Evidence;

/// <summary>
/// The verdict on a receipt file: the CMS verdict (ETSI EN 319 102-1 indications) and, when the
/// signed content is a receipt, its parsed content.
/// </summary>
public sealed record ReceiptVerification
{
    public required CadesVerificationResult Signature { get; init; }
    public ReceiptContent? Content { get; init; }
    public string? Json { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    public bool Valid => Signature.Valid && Content is not null && Errors.Count == 0;

    public Indication Indication => Errors.Count > 0 && Signature.Valid ? Indication.TotalFailed : Signature.Indication;

    public string? SubIndication => Errors.Count > 0 && Signature.Valid ? "FORMAT_FAILURE" : Signature.SubIndication;

    /// <summary>Every reason for refusal, signature first.</summary>
    public IEnumerable<string> AllErrors => Signature.Errors.Concat(Errors);
}
