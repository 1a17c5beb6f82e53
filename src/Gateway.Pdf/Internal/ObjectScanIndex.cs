namespace Gateway.Pdf.Internal;

/// <summary>
/// Every "N G obj" header in the file, found by scanning rather than trusting any cross-reference: the basis of
/// recovery and the fallback when an xref entry points at the wrong place.
/// </summary>
internal sealed class ObjectScanIndex
{
    private readonly Dictionary<int, List<long>> _byNumber = [];

    public ObjectScanIndex(byte[] data, int maxObjects)
    {
        var span = data.AsSpan();
        var from = 0;
        while (true)
        {
            var found = span[from..].IndexOf("obj"u8);
            if (found < 0) break;
            var at = from + found;
            from = at + 3;
            if (from < data.Length && CharClass.IsRegular(data[from])) continue;
            if (TryHeader(data, at) is not { } header) continue;
            Objects.Add(header);
            if (Objects.Count > maxObjects) throw new PdfFormatException($"more than {maxObjects} objects found while scanning", at);
            if (!_byNumber.TryGetValue(header.Number, out var offsets)) _byNumber[header.Number] = offsets = [];
            offsets.Add(header.Offset);
        }
    }

    /// <summary>In file order.</summary>
    public List<ScannedObject> Objects { get; } = [];

    /// <summary>The last definition of the object that starts before <paramref name="limit"/>, or -1.</summary>
    public long Find(int number, long limit)
    {
        if (!_byNumber.TryGetValue(number, out var offsets)) return -1;
        for (var i = offsets.Count - 1; i >= 0; i--)
            if (offsets[i] < limit) return offsets[i];
        return -1;
    }

    public static List<long> FindAll(byte[] data, ReadOnlySpan<byte> keyword)
    {
        var result = new List<long>();
        var from = 0;
        while (from < data.Length)
        {
            var found = data.AsSpan(from).IndexOf(keyword);
            if (found < 0) break;
            result.Add(from + found);
            from += found + keyword.Length;
        }
        return result;
    }

    /// <summary>Walks back from "obj" over "N G " requiring whitespace between the parts and no regular character before N.</summary>
    private static ScannedObject? TryHeader(byte[] data, int keyword)
    {
        var p = keyword - 1;
        if (!SkipBackWhitespace(data, ref p)) return null;
        var generationEnd = p;
        while (p >= 0 && CharClass.IsDigit(data[p])) p--;
        var generationDigits = generationEnd - p;
        if (generationDigits is < 1 or > 5) return null;
        var generationStart = p + 1;
        if (!SkipBackWhitespace(data, ref p)) return null;
        var numberEnd = p;
        while (p >= 0 && CharClass.IsDigit(data[p])) p--;
        var numberDigits = numberEnd - p;
        if (numberDigits is < 1 or > 10) return null;
        if (p >= 0 && CharClass.IsRegular(data[p])) return null;
        var number = ParseDigits(data, p + 1, numberDigits);
        var generation = ParseDigits(data, generationStart, generationDigits);
        if (number > int.MaxValue) return null;
        return new ScannedObject((int)number, (int)generation, p + 1);
    }

    private static bool SkipBackWhitespace(byte[] data, ref int p)
    {
        var start = p;
        while (p >= 0 && CharClass.IsWhitespace(data[p])) p--;
        return p < start && p >= 0;
    }

    private static long ParseDigits(byte[] data, int start, int count)
    {
        long value = 0;
        for (var i = 0; i < count; i++) value = value * 10 + (data[start + i] - '0');
        return value;
    }
}
