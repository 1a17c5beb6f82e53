namespace Gateway.Pdf;

/// <param name="Name">The fully qualified field name (partial names joined by dots).</param>
/// <param name="Signature">The resolved /V signature dictionary; null for an unsigned field.</param>
public sealed record PdfSignatureField(PdfDictionary Field, string? Name, PdfDictionary? Signature, PdfReference? SignatureReference);
