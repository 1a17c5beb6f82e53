namespace Gateway.Pdf;

/// <summary>
/// Room for a signature's /Contents: written as "&lt;" + 2 × capacity zeros + "&gt;". The writer reports where its
/// "&lt;" landed so the CMS can be written in place without moving any other byte.
/// </summary>
public sealed class PdfHexPlaceholder : PdfObject
{
    public PdfHexPlaceholder(int byteCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(byteCapacity);
        ByteCapacity = byteCapacity;
    }

    public int ByteCapacity { get; }

    /// <summary>Bytes taken in the file, brackets included.</summary>
    public long WrittenLength => 2L * ByteCapacity + 2;
}
