using Gateway.Pdf;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>pdf-roundtrip</c>: parse, append an incremental update (a changed catalog and a new object, as the signer
/// does), parse again. The update must read back: the original bytes untouched, one more revision, the new
/// objects as written (the catalog re-serialises to the same bytes), and every object the original resolved
/// resolving to the same value.
/// </summary>
internal sealed class PdfRoundTripTarget(FuzzMaterial material) : IFuzzTarget
{
    /// <summary>Objects compared per input: enough for the structure a signer touches, bounded for hostile sizes.</summary>
    private const int MaxCompared = 200;

    private static readonly PdfName Marker = new("GatewayFuzzMarker");

    public string Name => "pdf-roundtrip";

    public IEnumerable<Seed> Seeds() => SeedSource.Pdfs(material);

    public void Run(byte[] input)
    {
        var before = PdfWalk.Try(() => PdfDocument.Open(input));
        // An encrypted file cannot be updated: PdfIncrementalUpdate refuses it with NotSupportedException, as documented.
        if (before is null || before.Trailer.ContainsKey("Encrypt") || before.Trailer[PdfName.Root] is not PdfReference root) return;
        if (PdfWalk.Try(() => before.Catalog) is not { } catalog) return;

        var update = new PdfIncrementalUpdate(before);
        var added = update.Add(new PdfDictionary { [PdfName.Type] = Marker, ["Text"] = PdfString.FromText("ข้อความ round trip") });
        var changed = catalog.Clone();
        changed[Marker] = added;
        update.Replace(root, changed);
        var bytes = update.ToArray();

        if (!bytes.AsSpan().StartsWith(input)) throw new FuzzBug("the update changed the original bytes");
        PdfDocument after;
        try
        {
            after = PdfDocument.Open(bytes);
        }
        catch (PdfFormatException e)
        {
            throw new FuzzBug("the updated file cannot be read back", e);
        }
        if (!before.Recovered && after.Revisions.Count != before.Revisions.Count + 1)
            throw new FuzzBug($"{before.Revisions.Count} revisions became {after.Revisions.Count}, not one more");
        if (after.Resolve<PdfDictionary>(after.Catalog[Marker])?.Get("Text") is not PdfString)
            throw new FuzzBug("the new catalog or the new object does not read back");
        // The writer's output parses back to what was written: names, strings, numbers as the reader found them.
        if (!PdfWriter.ToBytes(after.Catalog).AsSpan().SequenceEqual(PdfWriter.ToBytes(changed)))
            throw new FuzzBug("the catalog as written does not read back the same");

        var compared = 0;
        // What the last revision wrote and what the first one did: the objects an update most often sits next to.
        IEnumerable<PdfXrefEntry> entries = before.GetRevisionEntries(before.Revisions.Count - 1);
        if (before.Revisions.Count > 1) entries = entries.Concat(before.GetRevisionEntries(0));
        foreach (var entry in entries)
        {
            if (entry.Number == root.Number || entry.Kind == PdfXrefEntryKind.Free || compared++ >= MaxCompared) continue;
            var old = PdfWalk.Try(() => before.GetObject(entry.Number));
            if (old is null) continue;
            var now = PdfWalk.Try(() => after.GetObject(entry.Number));
            if (now is null || !PdfWriter.ToBytes(old).AsSpan().SequenceEqual(PdfWriter.ToBytes(now)))
                throw new FuzzBug($"object {entry.Number} reads differently after the update");
        }
    }
}
