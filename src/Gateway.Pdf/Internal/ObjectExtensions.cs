namespace Gateway.Pdf.Internal;

internal static class ObjectExtensions
{
    /// <summary>Value comparison; PdfObject's == compares references.</summary>
    public static bool IsName(this PdfObject? obj, PdfName name) => obj is PdfName actual && actual.Equals(name);
}
