namespace Gateway.Evidence;

/// <summary>
/// The receipt JSON, the encapsulated content of the receipt CMS. Its serialised form is a stable
/// format read by third parties: fields are added, never renamed (schema <see cref="SchemaId"/>).
/// The time of the signature time-stamp cannot be inside the content it time-stamps; it is carried
/// by the CMS unsigned attribute and reported by the verifier.
/// </summary>
public sealed record ReceiptContent
{
    public const string SchemaId = "https://gateway.example/schemas/receipt/v1";

    public string Schema { get; init; } = SchemaId;
    public required string ReceiptId { get; init; }
    public required ReceiptEvent Event { get; init; }
    public string? MessageId { get; init; }
    public required ReceiptParty Sender { get; init; }
    public ReceiptParty? Recipient { get; init; }
    public ReceiptDocumentInfo? Document { get; init; }
    public string? ServiceId { get; init; }
    public string? RequestKind { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyList<StepMethod> Methods { get; init; } = [];
    public ReceiptRejection? Rejection { get; init; }
    /// <summary>For DocumentSigned: what was signed, how, and by which certificate.</summary>
    public ReceiptSignatureInfo? Signature { get; init; }

    /// <summary>The validation of each signature found in the submitted document, in document order; absent when none was looked for.</summary>
    public IReadOnlyList<ValidatedSignature>? DocumentSignatures { get; init; }
    /// <summary>The receipt this one follows, e.g. the SubmissionAcceptance a ContentHandover completes.</summary>
    public string? RelatesTo { get; init; }
    public required DateTimeOffset GatewayTime { get; init; }
    public required string GatewayId { get; init; }
    /// <summary>The receipt's position in the evidence log (schema v2, see <see cref="ReceiptSchemas"/>).</summary>
    public ReceiptLogPosition? Log { get; init; }
    /// <summary>The case graded against the method catalogue and the service's policy (schema v3, see <see cref="ReceiptSchemas"/>).</summary>
    public ReceiptGrade? Grade { get; init; }
}
