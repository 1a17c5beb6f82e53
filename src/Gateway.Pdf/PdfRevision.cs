namespace Gateway.Pdf;

/// <summary>
/// One revision: the original file or one incremental update. <paramref name="EndOffset"/> is just after this
/// revision's "%%EOF" and its end-of-line, i.e. the file length as of this revision; a signature's /ByteRange must
/// end exactly at one of these.
/// </summary>
public sealed record PdfRevision(int Index, long StartXref, long EndOffset, XrefKind XrefKind, PdfDictionary Trailer);
