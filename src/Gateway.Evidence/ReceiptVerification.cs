using Gateway.Crypto;

namespace Gateway.Evidence;

/// <summary>
/// The verdict on a receipt file: the CMS verdict (ETSI EN 319 102-1 indications), the checks on
/// top of it (the signer is a seal, the content is a receipt) and, when readable, the content.
/// </summary>
public sealed record ReceiptVerification
{
    public required CadesVerificationResult Signature { get; init; }
    public ReceiptContent? Content { get; init; }
    public string? Json { get; init; }
    /// <summary>Failures found after the signature itself held.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    /// <summary>The ETSI sub-indication of the first of <see cref="Errors"/>.</summary>
    public string? ReceiptSubIndication { get; init; }

    public bool Valid => Signature.Valid && Content is not null && Errors.Count == 0;

    public Indication Indication => Signature.Valid && Errors.Count > 0 ? Indication.TotalFailed : Signature.Indication;

    public string? SubIndication => Signature.Valid && Errors.Count > 0 ? ReceiptSubIndication : Signature.SubIndication;

    /// <summary>Every reason for refusal, signature first.</summary>
    public IEnumerable<string> AllErrors => Signature.Errors.Concat(Errors);
}
