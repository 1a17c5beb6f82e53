using Gateway.Pdf;

namespace Gateway.Validation.Internal;

/// <summary>A signature or document time-stamp dictionary found in a PDF, with its ByteRange judged.</summary>
internal sealed record PdfSignatureEntry
{
    public required string? FieldName { get; init; }
    public required PdfDictionary Dictionary { get; init; }
    public required bool IsDocumentTimeStamp { get; init; }
    public string? SubFilter { get; init; }
    public long[]? ByteRange { get; init; }
    public byte[] Contents { get; init; } = [];
    public DateTimeOffset? ClaimedTime { get; init; }

    /// <summary>The revision the ByteRange ends at; null when it ends at none.</summary>
    public int? Revision { get; init; }

    /// <summary>Why the ByteRange cannot be trusted; null when it is sound.</summary>
    public string? ByteRangeError { get; init; }

    public long SignedEnd => ByteRange is { Length: 4 } range ? range[2] + range[3] : 0;

    public SegmentedContent SignedContent(ReadOnlyMemory<byte> file) => ByteRange is { Length: 4 } r && ByteRangeError is null
        ? new SegmentedContent([file.Slice((int)r[0], (int)r[1]), file.Slice((int)r[2], (int)r[3])])
        : new SegmentedContent([]);
}
