using Gateway.Pdf;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// Reads everything of a parsed PDF that the signer and the validator read: every revision's objects, pages,
/// streams and signature fields. Each read may end in the reader's one documented refusal, <see cref="PdfFormatException"/>.
/// </summary>
internal static class PdfWalk
{
    /// <summary>Enough to reach every kind of object; a hostile file may list millions of them.</summary>
    private const int MaxObjectsPerRevision = 400;

    /// <summary>Decoding stops here: the reader's own cap (256 MiB) is tested by its unit tests, not by every fuzz input.</summary>
    private const long MaxDecodedBytes = 1024 * 1024;

    public static void Visit(PdfDocument document)
    {
        for (var r = 0; r < document.Revisions.Count; r++)
        {
            Try(() => document.GetPages(r));
            foreach (var entry in Try(() => document.GetRevisionEntries(r)) ?? [])
            {
                if (entry.Number > MaxObjectsPerRevision) break;
                var value = Try(() => document.GetObject(entry.Number, r));
                if (value is PdfStream stream) Try(() => document.DecodeStream(stream, MaxDecodedBytes));
                if (value is PdfDictionary or PdfArray) Try(() => document.Resolve(value, r));
            }
        }
        Try(() => PdfSignatureFields.Find(document));
        Try(() => PdfSignatureFields.CertificationPermissions(document));
        Try(() => document.OffsetOf(1));
    }

    /// <summary>The value, or default when the reader refused the input the documented way.</summary>
    public static T? Try<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (PdfFormatException)
        {
            return default;
        }
    }
}
