using Gateway.Pdf;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// Finds the revision each signature signed: the one whose EndOffset equals ByteRange[2] + ByteRange[3] of the
/// signature dictionary (every dictionary with a /ByteRange, in every revision).
/// </summary>
internal static class SignedRevisions
{
    public sealed record Signed(int ObjectNumber, string Type, int? Revision);

    public static IReadOnlyList<Signed> Find(PdfDocument document)
    {
        var found = new List<Signed>();
        var seen = new HashSet<int>();
        for (var revision = 0; revision < document.Revisions.Count; revision++)
        {
            foreach (var entry in document.GetRevisionEntries(revision))
            {
                if (entry.Kind == PdfXrefEntryKind.Free || !seen.Add(entry.Number)) continue;
                PdfObject? value;
                try
                {
                    value = document.GetObject(entry.Number, revision);
                }
                catch (PdfFormatException)
                {
                    continue;
                }
                if (value is not PdfDictionary dictionary || document.Resolve<PdfArray>(dictionary.Get("ByteRange"), revision) is not { Count: 4 } range) continue;
                if (dictionary.Get("Contents") is null) continue;
                var type = (dictionary.Get("Type") as PdfName)?.Value ?? "Sig";
                int? signed = null;
                if (document.Resolve(range[2], revision) is PdfInteger start && document.Resolve(range[3], revision) is PdfInteger length)
                {
                    var end = start.Value + length.Value;
                    var index = document.Revisions.ToList().FindIndex(r => r.EndOffset == end);
                    signed = index < 0 ? null : index;
                }
                found.Add(new Signed(entry.Number, type, signed));
            }
        }
        return found;
    }

    /// <summary>The revisions the signatures (/Type /Sig) of a document cover, in order.</summary>
    public static IReadOnlyList<int> OfSignatures(byte[] pdf) =>
        [.. Find(PdfDocument.Open(pdf)).Where(s => s.Type == "Sig" && s.Revision is not null).Select(s => s.Revision!.Value).Order()];
}
