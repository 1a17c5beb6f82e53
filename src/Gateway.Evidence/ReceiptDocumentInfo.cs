namespace Gateway.Evidence;

/// <summary>The document a receipt is about. The SHA-256 is what binds the receipt to the bytes.</summary>
public sealed record ReceiptDocumentInfo(string Sha256, long Size, string MediaType, string FileName);
