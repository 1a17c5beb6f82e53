using System.Globalization;
using System.IO.Compression;
using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>
/// One incremental update (ISO 32000-1 7.5.6): new and changed objects appended after the original bytes, which are
/// never changed, followed by a cross-reference section of the same kind as the last one and a trailer that chains
/// to it with /Prev.
/// </summary>
public sealed class PdfIncrementalUpdate
{
    private readonly PdfDocument _document;
    private readonly SortedDictionary<int, (int Generation, PdfObject Value)> _objects = [];
    private int _nextNumber;

    public PdfIncrementalUpdate(PdfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _document = document;
        _nextNumber = Math.Max(1, document.Size);
        XrefKind = document.Revisions[^1].XrefKind;
    }

    /// <summary>Defaults to the kind of the document's last section (a hybrid file's table counts as a table).</summary>
    public XrefKind XrefKind { get; set; }

    public PdfReference Add(PdfObject obj)
    {
        Check(obj);
        var number = _nextNumber++;
        _objects[number] = (0, obj);
        return new PdfReference(number);
    }

    /// <summary>A new version of an object; one that lived in an object stream becomes a plain object of generation 0.</summary>
    public void Replace(PdfReference reference, PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Check(obj);
        if (reference.Number == 0) throw new ArgumentException("Object 0 is the head of the free list.", nameof(reference));
        _objects[reference.Number] = (_document.GenerationOf(reference.Number, reference.Generation), obj);
        _nextNumber = Math.Max(_nextNumber, reference.Number + 1);
    }

    private static void Check(PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is PdfReference) throw new ArgumentException("An indirect object cannot be just a reference.", nameof(obj));
    }

    public byte[] ToArray()
    {
        using var output = new MemoryStream(_document.Bytes.Length + 4096);
        WriteTo(output);
        return output.ToArray();
    }

    public PdfUpdateResult WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var original = _document.Bytes.Span;
        output.Write(original);
        var writer = new Serializer(original.Length);
        if (original.Length > 0 && original[^1] is not ((byte)'\n' or (byte)'\r')) writer.Ascii("\n");

        var offsets = new SortedDictionary<int, (long Offset, int Generation)>();
        foreach (var (number, (generation, value)) in _objects)
        {
            offsets[number] = (writer.Position, generation);
            writer.Ascii(Invariant($"{number} {generation} obj\n"));
            writer.Object(value);
            writer.Ascii("\nendobj\n");
        }
        var size = Math.Max(_document.Size, _objects.Count == 0 ? 0 : _objects.Keys.Max() + 1);
        var startXref = XrefKind == XrefKind.Table ? WriteTable(writer, offsets, size) : WriteStream(writer, offsets, size);
        writer.Ascii(Invariant($"startxref\n{startXref}\n%%EOF\n"));
        writer.CopyTo(output);
        return new PdfUpdateResult(writer.Position, writer.Placeholders, startXref);
    }

    private long WriteTable(Serializer writer, SortedDictionary<int, (long Offset, int Generation)> offsets, int size)
    {
        var start = writer.Position;
        writer.Ascii("xref\n");
        foreach (var (first, count) in Runs(offsets.Keys))
        {
            writer.Ascii(Invariant($"{first} {count}\n"));
            for (var number = first; number < first + count; number++)
            {
                var (offset, generation) = offsets[number];
                // 7.5.4: exactly 20 bytes per entry, the end-of-line being two characters.
                writer.Ascii(Invariant($"{offset:D10} {Math.Min(generation, 65535):D5} n\r\n"));
            }
        }
        writer.Ascii("trailer\n");
        writer.Object(Trailer(size));
        writer.Ascii("\n");
        return start;
    }

    private long WriteStream(Serializer writer, SortedDictionary<int, (long Offset, int Generation)> offsets, int size)
    {
        // The xref stream is an object too, and lists itself so that nothing in the section is unaccounted for.
        var own = size++;
        var start = writer.Position;
        offsets[own] = (start, 0);
        var offsetWidth = 1;
        while (offsets.Values.Max(e => e.Offset) >> (8 * offsetWidth) != 0) offsetWidth++;
        var generationWidth = offsets.Values.Max(e => e.Generation) > 255 ? 2 : 1;
        var rowLength = 1 + offsetWidth + generationWidth;
        var rows = new byte[offsets.Count * rowLength];
        var index = new PdfArray();
        var row = 0;
        foreach (var (first, count) in Runs(offsets.Keys))
        {
            index.Add(new PdfInteger(first));
            index.Add(new PdfInteger(count));
            for (var number = first; number < first + count; number++, row++)
            {
                var (offset, generation) = offsets[number];
                var p = row * rowLength;
                rows[p] = 1;
                for (var i = 0; i < offsetWidth; i++) rows[p + 1 + i] = (byte)(offset >> (8 * (offsetWidth - 1 - i)));
                for (var i = 0; i < generationWidth; i++) rows[p + 1 + offsetWidth + i] = (byte)(generation >> (8 * (generationWidth - 1 - i)));
            }
        }
        var dictionary = new PdfDictionary { [PdfName.Type] = PdfName.XRef };
        foreach (var (key, value) in Trailer(size)) dictionary[key] = value;
        dictionary[PdfName.Index] = index;
        dictionary[PdfName.W] = new PdfArray(new PdfInteger(1), new PdfInteger(offsetWidth), new PdfInteger(generationWidth));
        dictionary[PdfName.Filter] = PdfName.FlateDecode;
        writer.Ascii(Invariant($"{own} 0 obj\n"));
        writer.Object(new PdfStream(dictionary, Compress(rows)));
        writer.Ascii("\nendobj\n");
        return start;
    }

    /// <summary>/Size, /Prev, and what must carry over: /Root, /Info, /Encrypt, /ID (7.5.6).</summary>
    private PdfDictionary Trailer(int size)
    {
        var previous = _document.Trailer;
        var trailer = new PdfDictionary { [PdfName.Size] = new PdfInteger(size) };
        if (_document.Revisions[^1].StartXref is > 0 and var prev) trailer[PdfName.Prev] = new PdfInteger(prev);
        foreach (var key in new[] { PdfName.Root, PdfName.Info, PdfName.Encrypt, PdfName.ID })
            if (previous[key] is { } value) trailer[key] = value;
        return trailer;
    }

    private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> sortedNumbers)
    {
        int first = -1, count = 0;
        foreach (var number in sortedNumbers)
        {
            if (count > 0 && number == first + count)
            {
                count++;
                continue;
            }
            if (count > 0) yield return (first, count);
            first = number;
            count = 1;
        }
        if (count > 0) yield return (first, count);
    }

    private static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var deflater = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) deflater.Write(data);
        return buffer.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
