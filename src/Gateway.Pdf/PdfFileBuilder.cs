using System.Globalization;
using System.Security.Cryptography;
using Gateway.Pdf.Internal;

namespace Gateway.Pdf;

/// <summary>
/// Writes a new PDF file (ISO 32000-1 7.5): header with a binary comment, the objects in number order, one
/// cross-reference table and a trailer with /Root, /Info and an /ID derived from the content (the same objects give
/// the same file, which keeps rendered documents reproducible). Objects whose reference must exist before the object
/// itself (a page's /Parent, say) are reserved first and set later.
/// </summary>
public sealed class PdfFileBuilder : IPdfObjectTarget
{
    private readonly SortedDictionary<int, PdfObject?> _objects = [];
    private int _nextNumber = 1;

    /// <summary>The header version, e.g. "1.7".</summary>
    public string Version { get; init; } = "1.7";

    public PdfReference Add(PdfObject obj)
    {
        var reference = Reserve();
        Set(reference, obj);
        return reference;
    }

    /// <summary>A number for an object given later with <see cref="Set"/>.</summary>
    public PdfReference Reserve()
    {
        var number = _nextNumber++;
        _objects[number] = null;
        return new PdfReference(number);
    }

    public void Set(PdfReference reference, PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is PdfReference) throw new ArgumentException("An indirect object cannot be just a reference.", nameof(obj));
        if (!_objects.ContainsKey(reference.Number) || reference.Generation != 0)
            throw new ArgumentException($"Object {reference.Number} {reference.Generation} was not reserved here.", nameof(reference));
        _objects[reference.Number] = obj;
    }

    public byte[] ToArray(PdfReference catalog, PdfReference? info = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (_objects.FirstOrDefault(o => o.Value is null) is { Value: null, Key: > 0 } missing)
            throw new InvalidOperationException($"Object {missing.Key} was reserved but never set.");

        var writer = new Serializer();
        // 7.5.2: a comment of four bytes above 127 right after the header marks the file as binary.
        writer.Ascii($"%PDF-{Version}\n");
        writer.Raw([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new long[_nextNumber];
        foreach (var (number, value) in _objects)
        {
            offsets[number] = writer.Position;
            writer.Ascii(Invariant($"{number} 0 obj\n"));
            writer.Object(value!);
            writer.Ascii("\nendobj\n");
        }

        var id = new PdfString(SHA256.HashData(writer.ToArray())[..16], hex: true);
        var startXref = writer.Position;
        writer.Ascii(Invariant($"xref\n0 {_nextNumber}\n0000000000 65535 f\r\n"));
        for (var number = 1; number < _nextNumber; number++) writer.Ascii(Invariant($"{offsets[number]:D10} 00000 n\r\n"));
        var trailer = new PdfDictionary
        {
            [PdfName.Size] = new PdfInteger(_nextNumber),
            [PdfName.Root] = catalog,
            [PdfName.ID] = new PdfArray([id, id]),
        };
        if (info is not null) trailer[PdfName.Info] = info;
        writer.Ascii("trailer\n");
        writer.Object(trailer);
        writer.Ascii(Invariant($"\nstartxref\n{startXref}\n%%EOF\n"));
        return writer.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
