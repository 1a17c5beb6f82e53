namespace Gateway.Pdf;

/// <summary>
/// Somewhere new indirect objects go: an incremental update of an existing file, or a new file.
/// Lets code that writes self-contained object graphs (fonts, appearances, attachments) serve both.
/// </summary>
public interface IPdfObjectTarget
{
    /// <summary>Adds the object as a new indirect object and returns the reference to it.</summary>
    PdfReference Add(PdfObject obj);
}
