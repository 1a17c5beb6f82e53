namespace Gateway.Pdf.Internal;

/// <summary>
/// Rebuilds the cross-reference when it cannot be read: every "N G obj" found counts, later definitions win, and
/// the file is cut into revisions at its "%%EOF" markers so that earlier revisions stay comparable.
/// </summary>
internal static class Recovery
{
    private sealed class Segment(long end)
    {
        public long End { get; } = end;
        public Dictionary<int, XrefEntry> Entries { get; } = [];
        public SortedList<long, (PdfDictionary Trailer, XrefKind Kind)> Trailers { get; } = [];
        public List<(int Number, PdfStream Stream)> ObjectStreams { get; } = [];
        public long StartXref { get; set; } = -1;
    }

    public sealed record Result(List<RevisionData> Revisions, PdfReference? LastCatalog);

    public static Result Rebuild(byte[] data, PdfReadOptions options, ObjectScanIndex index, WorkBudget work)
    {
        if (index.Objects.Count == 0) throw new PdfFormatException("no objects found while rebuilding the cross-reference");
        var segments = Cut(data);
        PdfReference? lastCatalog = null;

        foreach (var found in index.Objects)
        {
            var segment = SegmentOf(segments, found.Offset);
            segment.Entries[found.Number] = new XrefEntry(1, found.Offset, found.Generation);
            PdfObject value;
            try
            {
                value = new ObjectParser(new Lexer(data, (int)found.Offset, budget: work), options.MaxNestingDepth).ParseIndirectObject(null).Value;
            }
            catch (PdfFormatException) when (!work.Exhausted)
            {
                continue;
            }
            var dictionary = value as PdfDictionary ?? (value as PdfStream)?.Dictionary;
            var type = dictionary?[PdfName.Type];
            if (value is PdfStream stream && type.IsName(PdfName.XRef)) segment.Trailers[found.Offset] = (stream.Dictionary, XrefKind.Stream);
            else if (value is PdfStream objectStream && type.IsName(PdfName.ObjStm)) segment.ObjectStreams.Add((found.Number, objectStream));
            else if (value is PdfDictionary && type.IsName(PdfName.Catalog)) lastCatalog = new PdfReference(found.Number, found.Generation);
        }

        foreach (var position in ObjectScanIndex.FindAll(data, "trailer"u8))
        {
            try
            {
                var lexer = new Lexer(data, (int)position + "trailer".Length, budget: work);
                if (new ObjectParser(lexer, options.MaxNestingDepth).ParseObject() is PdfDictionary trailer)
                    SegmentOf(segments, position).Trailers[position] = (trailer, XrefKind.Table);
            }
            catch (PdfFormatException) when (!work.Exhausted)
            {
            }
        }

        foreach (var position in ObjectScanIndex.FindAll(data, "startxref"u8))
        {
            var token = new Lexer(data, (int)position + "startxref".Length, budget: work).Next();
            if (token.Kind == TokenKind.Integer) SegmentOf(segments, position).StartXref = token.Integer;
        }

        foreach (var segment in segments) AddCompressed(segment, options, work);
        return new Result(Build(segments), lastCatalog);
    }

    private static List<Segment> Cut(byte[] data)
    {
        var segments = new List<Segment>();
        foreach (var marker in ObjectScanIndex.FindAll(data, "%%EOF"u8))
        {
            var end = marker + 5;
            if (end < data.Length && data[end] == '\r') end++;
            if (end < data.Length && data[end] == '\n') end++;
            segments.Add(new Segment(end));
        }
        if (segments.Count == 0 || segments[^1].End < data.Length) segments.Add(new Segment(data.Length));
        return segments;
    }

    private static Segment SegmentOf(List<Segment> segments, long offset)
    {
        int low = 0, high = segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (segments[middle].End > offset) high = middle;
            else low = middle + 1;
        }
        return segments[low];
    }

    /// <summary>Objects inside object streams; a plain definition in the same revision takes precedence.</summary>
    private static void AddCompressed(Segment segment, PdfReadOptions options, WorkBudget work)
    {
        foreach (var (number, stream) in segment.ObjectStreams)
        {
            try
            {
                var content = ObjectStreamContent.Parse(stream, number, o => o ?? PdfNull.Instance, options, work);
                for (var i = 0; i < content.Numbers.Length; i++)
                    segment.Entries.TryAdd(content.Numbers[i], new XrefEntry(2, number, i));
            }
            catch (PdfFormatException) when (!work.Exhausted)
            {
            }
        }
    }

    private static List<RevisionData> Build(List<Segment> segments)
    {
        var revisions = new List<RevisionData>();
        PdfDictionary? previous = null;
        foreach (var segment in segments)
        {
            if (segment.Entries.Count == 0 && segment.Trailers.Count == 0) continue;
            var trailer = new PdfDictionary();
            foreach (var (_, candidate) in segment.Trailers)
                foreach (var (key, value) in candidate.Trailer)
                    trailer[key] = value;
            if (previous is not null)
                foreach (var key in new[] { PdfName.Root, PdfName.Info, PdfName.ID, PdfName.Encrypt })
                    if (trailer[key] is null && previous[key] is { } inherited) trailer[key] = inherited;
            var kind = segment.Trailers.Count > 0 ? segment.Trailers.Values[^1].Kind : XrefKind.Table;
            revisions.Add(new RevisionData(segment.StartXref, segment.End, kind, trailer, segment.Entries));
            previous = trailer;
        }
        return revisions;
    }
}
