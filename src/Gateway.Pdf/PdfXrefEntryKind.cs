namespace Gateway.Pdf;

/// <summary>What a cross-reference entry says about an object number (ISO 32000-1 7.5.4, 7.5.8.3).</summary>
public enum PdfXrefEntryKind
{
    /// <summary>The number is free (deleted, or never used).</summary>
    Free,

    /// <summary>A plain indirect object at a byte offset.</summary>
    Plain,

    /// <summary>An object stored in an object stream.</summary>
    Compressed,
}
