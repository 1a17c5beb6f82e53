namespace Gateway.Pdf;

/// <summary>A stream object. <see cref="EncodedData"/> is written as given; the writer sets /Length itself.</summary>
public sealed class PdfStream : PdfObject
{
    public PdfStream(PdfDictionary dictionary, byte[] encodedData)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(encodedData);
        Dictionary = dictionary;
        EncodedData = encodedData;
    }

    public PdfDictionary Dictionary { get; }

    public byte[] EncodedData { get; }
}
