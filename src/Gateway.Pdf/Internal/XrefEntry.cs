namespace Gateway.Pdf.Internal;

/// <summary>
/// One cross-reference entry (ISO 32000-1 7.5.4, 7.5.8.3). Type 1: <see cref="Field2"/> is the byte offset and
/// <see cref="Field3"/> the generation; type 2: the object stream's number and the index in it; type 0: free.
/// </summary>
internal readonly record struct XrefEntry(byte Type, long Field2, int Field3)
{
    public static readonly XrefEntry Free = new(0, 0, 0);
}
