namespace Gateway.Pdf.Internal;

/// <summary>One cross-reference section as found at a startxref or /Prev offset; <see cref="End"/> is just after its trailer or stream object.</summary>
internal sealed record XrefSection(long Offset, XrefKind Kind, PdfDictionary Trailer, Dictionary<int, XrefEntry> Entries, long End);
