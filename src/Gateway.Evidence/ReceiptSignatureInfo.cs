namespace Gateway.Evidence;

/// <summary>
/// A signature the gateway made: its format and level (e.g. "PAdES", "B-LTA"), the signer
/// certificate, and the document before signing; <see cref="ReceiptContent.Document"/> is the result.
/// </summary>
public sealed record ReceiptSignatureInfo(string Format, string Level, PartyCertificate Signer, string? OriginalSha256 = null);
