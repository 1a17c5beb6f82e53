namespace Gateway.Pdf;

public sealed class PdfNull : PdfObject
{
    public static readonly PdfNull Instance = new();

    private PdfNull() { }
}
