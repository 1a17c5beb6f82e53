namespace Gateway.Pdf;

/// <summary>A PDF object (ISO 32000-1 7.3). Serialise with <see cref="PdfWriter"/>.</summary>
public abstract class PdfObject
{
    private protected PdfObject() { }

    public override string ToString() => System.Text.Encoding.Latin1.GetString(PdfWriter.ToBytes(this));
}
