namespace Gateway.Pdf;

/// <summary>
/// What <see cref="PdfIncrementalUpdate.WriteTo"/> wrote: the total length, the absolute offset of every placeholder
/// (of the "&lt;" of a <see cref="PdfHexPlaceholder"/>, of the "[" of a <see cref="PdfByteRangePlaceholder"/>; keyed by
/// the placeholder instance) and where the new cross-reference section starts.
/// </summary>
public sealed record PdfUpdateResult(long Length, IReadOnlyDictionary<PdfObject, long> PlaceholderOffsets, long StartXref);
