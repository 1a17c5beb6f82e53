namespace Gateway.Pdf;

/// <summary>A real number; written with the invariant culture and never with an exponent (PDF has none).</summary>
public sealed class PdfReal : PdfObject
{
    public PdfReal(double value) => Value = value;

    public double Value { get; }
}
