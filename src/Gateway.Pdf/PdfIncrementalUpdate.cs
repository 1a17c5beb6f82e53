using System.Globalization;
using System.IO.Compression;
using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>
/// One incremental update (ISO 32000-1 7.5.6): new and changed objects appended after the original bytes, which are
/// never changed, followed by a cross-reference section of the same kind as the last one and a trailer that chains
/// to it with /Prev.
/// </summary>
public sealed class PdfIncrementalUpdate : IPdfObjectTarget
{
    private readonly PdfDocument _document;
    private readonly SortedDictionary<int, (int Generation, PdfObject Value)> _objects = [];
    private readonly SortedDictionary<int, int> _freed = [];
    private int _nextNumber;

    public PdfIncrementalUpdate(PdfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // New objects' strings and streams would have to be encrypted too; writing them in clear would corrupt the file.
        if (document.Trailer.ContainsKey("Encrypt")) throw new NotSupportedException("Updating an encrypted PDF is not supported.");
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
        _freed.Remove(reference.Number);
        _objects[reference.Number] = (_document.GenerationOf(reference.Number, reference.Generation), obj);
        _nextNumber = Math.Max(_nextNumber, reference.Number + 1);
    }

    /// <summary>
    /// Frees an object (7.5.4): the update lists it as free, with the generation a later reuse would get, so readers
    /// resolve references to it to null from now on. Replaces any <see cref="Replace"/> of the same number.
    /// </summary>
    public void Free(PdfReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Number == 0) throw new ArgumentException("Object 0 is the head of the free list.", nameof(reference));
        _objects.Remove(reference.Number);
        _freed[reference.Number] = Math.Min(_document.GenerationOf(reference.Number, reference.Generation) + 1, 65535);
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

    /// <summary>
    /// Writes the original bytes and the update. For a document whose cross-reference had to be rebuilt, the new
    /// section lists every object (and has no /Prev, which would lead readers back into the broken one); it is then a
    /// stream whenever some object lives in an object stream, since a table cannot say so.
    /// </summary>
    public PdfUpdateResult WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var original = _document.Bytes.Span;
        output.Write(original);
        var writer = new Serializer(original.Length);
        if (original.Length > 0 && original[^1] is not ((byte)'\n' or (byte)'\r')) writer.Ascii("\n");

        var section = new SortedDictionary<int, XrefEntry>();
        foreach (var (number, (generation, value)) in _objects)
        {
            section[number] = new XrefEntry(1, writer.Position, generation);
            writer.Ascii(Invariant($"{number} {generation} obj\n"));
            writer.Object(value);
            writer.Ascii("\nendobj\n");
        }
        foreach (var (number, generation) in _freed) section[number] = new XrefEntry(0, 0, generation);
        var complete = _document.Recovered;
        if (complete)
        {
            foreach (var (number, entry) in _document.CurrentEntries()) section.TryAdd(number, entry);
            section[0] = new XrefEntry(0, 0, 65535);
        }
        var size = Math.Max(_document.Size, section.Count == 0 ? 0 : section.Keys.Max() + 1);
        var kind = XrefKind == XrefKind.Table && section.Values.Any(e => e.Type == 2) ? XrefKind.Stream : XrefKind;
        var startXref = kind == XrefKind.Table ? WriteTable(writer, section, size, complete) : WriteStream(writer, section, size, complete);
        writer.Ascii(Invariant($"startxref\n{startXref}\n%%EOF\n"));
        writer.CopyTo(output);
        return new PdfUpdateResult(writer.Position, writer.Placeholders, startXref);
    }

    private long WriteTable(Serializer writer, SortedDictionary<int, XrefEntry> section, int size, bool complete)
    {
        var start = writer.Position;
        writer.Ascii("xref\n");
        foreach (var (first, count) in Runs(section.Keys))
        {
            writer.Ascii(Invariant($"{first} {count}\n"));
            for (var number = first; number < first + count; number++)
            {
                var entry = section[number];
                // 7.5.4: exactly 20 bytes per entry, the end-of-line being two characters.
                writer.Ascii(Invariant($"{entry.Field2:D10} {Math.Min(entry.Field3, 65535):D5} {(entry.Type == 1 ? 'n' : 'f')}\r\n"));
            }
        }
        writer.Ascii("trailer\n");
        writer.Object(Trailer(size, complete));
        writer.Ascii("\n");
        return start;
    }

    private long WriteStream(Serializer writer, SortedDictionary<int, XrefEntry> section, int size, bool complete)
    {
        // The xref stream is an object too, and lists itself so that nothing in the section is unaccounted for.
        var own = size++;
        var start = writer.Position;
        section[own] = new XrefEntry(1, start, 0);
        var widths = new[] { 1, Width(section.Values.Max(e => e.Field2)), Width(section.Values.Max(e => (long)e.Field3)) };
        var rowLength = widths.Sum();
        var rows = new byte[section.Count * rowLength];
        var index = new PdfArray();
        var row = 0;
        foreach (var (first, count) in Runs(section.Keys))
        {
            index.Add(new PdfInteger(first));
            index.Add(new PdfInteger(count));
            for (var number = first; number < first + count; number++, row++)
            {
                var entry = section[number];
                var p = row * rowLength;
                rows[p] = entry.Type;
                BigEndian(rows.AsSpan(p + 1, widths[1]), entry.Field2);
                BigEndian(rows.AsSpan(p + 1 + widths[1], widths[2]), entry.Field3);
            }
        }
        var dictionary = new PdfDictionary { [PdfName.Type] = PdfName.XRef };
        foreach (var (key, value) in Trailer(size, complete)) dictionary[key] = value;
        dictionary[PdfName.Index] = index;
        dictionary[PdfName.W] = new PdfArray(widths.Select(w => (PdfObject)new PdfInteger(w)));
        dictionary[PdfName.Filter] = PdfName.FlateDecode;
        writer.Ascii(Invariant($"{own} 0 obj\n"));
        writer.Object(new PdfStream(dictionary, Compress(rows)));
        writer.Ascii("\nendobj\n");
        return start;
    }

    private static int Width(long max)
    {
        var width = 1;
        while (width < 8 && max >> (8 * width) != 0) width++;
        return width;
    }

    private static void BigEndian(Span<byte> target, long value)
    {
        for (var i = target.Length - 1; i >= 0; i--, value >>= 8) target[i] = (byte)value;
    }

    /// <summary>/Size, /Prev, and what must carry over: /Root, /Info, /ID (7.5.6).</summary>
    private PdfDictionary Trailer(int size, bool complete)
    {
        var previous = _document.Trailer;
        var trailer = new PdfDictionary { [PdfName.Size] = new PdfInteger(size) };
        if (!complete && _document.Revisions[^1].StartXref is > 0 and var prev) trailer[PdfName.Prev] = new PdfInteger(prev);
        foreach (var key in new[] { PdfName.Root, PdfName.Info, PdfName.ID })
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
