namespace Gateway.Evidence;

/// <summary>Why a submission was refused: a stable reason code, a message for people, the offending field.</summary>
public sealed record ReceiptRejection(string Reason, string Message, string? Field = null);
