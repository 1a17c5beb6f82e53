namespace Gateway.Pdf;

/// <summary>The input is not a PDF we can read. The message says where (byte offset, object number).</summary>
public sealed class PdfFormatException : Exception
{
    public PdfFormatException() { }

    public PdfFormatException(string message) : base(message) { }

    public PdfFormatException(string message, Exception innerException) : base(message, innerException) { }

    public PdfFormatException(string message, long offset) : base($"{message} (at byte offset {offset})") => Offset = offset;

    /// <summary>The byte offset in the file the problem was found at, when known.</summary>
    public long? Offset { get; }
}
