using Gateway.Evidence;

namespace Gateway.Exchange;

/// <summary>Everything about a submission except its bytes, as the sender stated it.</summary>
public sealed record SubmissionHeader
{
    public string RecipientAgency { get; init; } = "";
    public string MediaType { get; init; } = "";
    public string FileName { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public string ServiceId { get; init; } = "";
    /// <summary>The request kind's number in gateway.v1.RequestKind.</summary>
    public int RequestKind { get; init; }
    /// <summary>The request kind's name as it appears in receipts, e.g. "PERMIT"; null when the number is not defined.</summary>
    public string? RequestKindName { get; init; } = "UNSPECIFIED";
    public string Subject { get; init; } = "";
    public IReadOnlyList<StepMethod> Claims { get; init; } = [];
    /// <summary>When set (SubmitStream), the streamed size must equal it.</summary>
    public long? DeclaredSize { get; init; }
}
