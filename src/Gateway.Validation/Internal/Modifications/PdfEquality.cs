using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// Deep structural equality of two direct objects: references compare by number and generation (never resolved),
/// numbers by value (1 equals 1.0), strings by bytes (literal or hex alike), a key whose value is null counts as
/// absent (ISO 32000-1 7.3.7), streams by dictionary (without /Length) and data: the same encoded bytes, or, with the
/// same filters, the same decoded bytes. Bounded: past the node budget two objects are taken as different.
/// </summary>
internal sealed class PdfEquality(PdfDocument document)
{
    private const int MaxNodes = 2_000_000;
    private const int MaxDepth = 512;
    private const long MaxDecodedBytes = 16L * 1024 * 1024;
    private static readonly PdfName Length = new("Length");
    private static readonly PdfName DecodedLength = new("DL");
    private int _nodes;

    public bool Equal(PdfObject? a, PdfObject? b)
    {
        _nodes = 0;
        return Same(a, b, 0);
    }

    private bool Same(PdfObject? a, PdfObject? b, int depth)
    {
        if (ReferenceEquals(a, b)) return true;
        if (++_nodes > MaxNodes || depth > MaxDepth) return false;
        a = a is PdfNull ? null : a;
        b = b is PdfNull ? null : b;
        if (a is null || b is null) return a is null && b is null;
        switch (a)
        {
            case PdfReference ra:
                return b is PdfReference rb && ra.Number == rb.Number && ra.Generation == rb.Generation;
            case PdfName na:
                return b is PdfName nb && na.Equals(nb);
            case PdfInteger ia:
                return b switch { PdfInteger ib => ia.Value == ib.Value, PdfReal xb => ia.Value == xb.Value, _ => false };
            case PdfReal xa:
                return b switch { PdfReal xb => xa.Value.Equals(xb.Value), PdfInteger ib => xa.Value == ib.Value, _ => false };
            case PdfBoolean ba:
                return b is PdfBoolean bb && ba.Value == bb.Value;
            case PdfString sa:
                return b is PdfString sb && sa.Bytes.AsSpan().SequenceEqual(sb.Bytes);
            case PdfArray aa:
                if (b is not PdfArray ab || aa.Count != ab.Count) return false;
                for (var i = 0; i < aa.Count; i++)
                    if (!Same(aa[i], ab[i], depth + 1)) return false;
                return true;
            case PdfDictionary da:
                return b is PdfDictionary db && SameEntries(da, db, depth, null);
            case PdfStream ta:
                return b is PdfStream tb && SameEntries(ta.Dictionary, tb.Dictionary, depth, Length) && SameData(ta, tb);
            default:
                return false;
        }
    }

    private bool SameEntries(PdfDictionary a, PdfDictionary b, int depth, PdfName? ignored)
    {
        var count = 0;
        foreach (var (key, value) in a)
        {
            if (value is PdfNull || key.Equals(ignored) || (ignored is not null && key.Equals(DecodedLength))) continue;
            count++;
            if (!Same(value, b[key], depth + 1)) return false;
        }
        foreach (var (key, value) in b)
        {
            if (value is PdfNull || key.Equals(ignored) || (ignored is not null && key.Equals(DecodedLength))) continue;
            count--;
        }
        return count == 0;
    }

    private bool SameData(PdfStream a, PdfStream b)
    {
        if (a.EncodedData.AsSpan().SequenceEqual(b.EncodedData)) return true;
        // The dictionaries are equal, so the filters are: a producer that re-compressed the same content.
        if (a.Dictionary.Get("Filter") is null) return false;
        try
        {
            return document.DecodeStream(a, MaxDecodedBytes).AsSpan().SequenceEqual(document.DecodeStream(b, MaxDecodedBytes));
        }
        catch (PdfFormatException)
        {
            return false;
        }
    }
}
