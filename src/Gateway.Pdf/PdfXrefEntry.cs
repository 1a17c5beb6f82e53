namespace Gateway.Pdf;

/// <summary>
/// One entry of a revision's cross-reference section. <see cref="Offset"/> is meaningful for
/// <see cref="PdfXrefEntryKind.Plain"/> entries, <see cref="ObjectStreamNumber"/> and <see cref="IndexInObjectStream"/>
/// for <see cref="PdfXrefEntryKind.Compressed"/> ones; <see cref="Generation"/> is the object's generation (0 for a
/// compressed object) or, for a free entry, the generation a reuse of the number would get.
/// </summary>
public readonly record struct PdfXrefEntry(int Number, PdfXrefEntryKind Kind, int Generation, long Offset, int ObjectStreamNumber, int IndexInObjectStream);
