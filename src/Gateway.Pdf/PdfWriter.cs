using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>Serialises one object exactly as <see cref="PdfIncrementalUpdate"/> writes it.</summary>
public static class PdfWriter
{
    public static void Write(PdfObject obj, Stream output)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(output);
        var serializer = new Serializer();
        serializer.Object(obj);
        serializer.CopyTo(output);
    }

    public static byte[] ToBytes(PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var serializer = new Serializer();
        serializer.Object(obj);
        return serializer.ToArray();
    }
}
