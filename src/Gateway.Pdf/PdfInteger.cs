namespace Gateway.Pdf;

public sealed class PdfInteger : PdfObject
{
    public PdfInteger(long value) => Value = value;

    public long Value { get; }
}
