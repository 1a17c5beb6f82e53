namespace Gateway.Evidence;

/// <summary>A receipt's fields read without verification: for display and indexing, never as a verdict.</summary>
public sealed record ParsedReceipt(ReceiptContent Content, string Json, DateTimeOffset? TimeStampTime);
