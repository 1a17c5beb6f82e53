namespace Gateway.Pdf.Internal;

/// <summary>What a revision adds: its entries (a hybrid section's or a linearized file's two sections merged) and its trailer.</summary>
internal sealed record RevisionData(long StartXref, long EndOffset, XrefKind Kind, PdfDictionary Trailer, Dictionary<int, XrefEntry> Entries);
