using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

internal enum ChangeKind
{
    /// <summary>The number was not in use in the previous revision.</summary>
    Added,

    /// <summary>The object was rewritten with a different value of the same kind.</summary>
    Changed,

    /// <summary>The number now holds something of another kind (dictionary/stream/array, /Type, /Subtype).</summary>
    Replaced,
}

internal sealed record Change(int Number, ChangeKind Kind, PdfObject? Old, PdfObject New);
