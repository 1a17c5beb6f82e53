using System.IO.Compression;

namespace Gateway.Pdf.Internal;

/// <summary>
/// Stream filters (ISO 32000-1 7.4): FlateDecode with PNG predictors; anything else is refused. Every stage is
/// inflated twice — once only counting, once into an array of the exact size — so that a compression bomb is stopped
/// at the cap having allocated almost nothing.
/// </summary>
internal static class StreamDecoder
{
    private const int ChunkSize = 64 * 1024;

    public static byte[] Decode(PdfStream stream, Func<PdfObject?, PdfObject> resolve, long maxDecodedBytes, string where)
    {
        var filters = resolve(stream.Dictionary[PdfName.Filter]) switch
        {
            PdfName name => [name],
            PdfArray array => array.Select(item => resolve(item) as PdfName ?? throw new PdfFormatException($"filter is not a name {where}")).ToArray(),
            PdfNull => Array.Empty<PdfName>(),
            _ => throw new PdfFormatException($"/Filter is neither a name nor an array {where}"),
        };
        var parameters = resolve(stream.Dictionary[PdfName.DecodeParms]);
        var data = stream.EncodedData;
        for (var i = 0; i < filters.Length; i++)
        {
            var stageParameters = parameters switch
            {
                PdfArray array => i < array.Count ? resolve(array[i]) as PdfDictionary : null,
                PdfDictionary dictionary => dictionary,
                _ => null,
            };
            data = filters[i].Value switch
            {
                "FlateDecode" or "Fl" => Predictors.Apply(Inflate(data, maxDecodedBytes, where), stageParameters, resolve, where),
                _ => throw new PdfFormatException($"unsupported filter {filters[i].Value} {where}"),
            };
        }
        return data;
    }

    private static byte[] Inflate(byte[] input, long maxDecodedBytes, string where)
    {
        // Empty Flate streams (no zlib header at all) are common for blank appearances; they decode to nothing.
        if (input.Length == 0) return [];
        var buffer = new byte[ChunkSize];
        var length = Run(input, buffer, null, maxDecodedBytes, where);
        var output = new byte[length];
        Run(input, buffer, output, maxDecodedBytes, where);
        return output;
    }

    private static int Run(byte[] input, byte[] buffer, byte[]? output, long maxDecodedBytes, string where)
    {
        long total = 0;
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(input, writable: false), CompressionMode.Decompress);
            while (true)
            {
                var target = output is null ? buffer.AsSpan() : output.AsSpan((int)total);
                if (target.Length == 0) return (int)total;
                var read = inflater.Read(target);
                if (read == 0) return (int)total;
                total += read;
                if (total > maxDecodedBytes || total > Array.MaxLength)
                    throw new PdfFormatException($"decoded stream exceeds {maxDecodedBytes} bytes {where}");
            }
        }
        // zlib's own refusals arrive as ZLibException, an IOException rather than InvalidDataException: a header
        // asking for a preset dictionary (FDICT, which PDF never uses), for one (found by fuzz/ pdf).
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Truncated or damaged deflate data is common in the wild; what inflated cleanly is kept, as viewers do.
            if (total > 0) return (int)total;
            throw new PdfFormatException($"invalid FlateDecode data {where}: {e.Message}", e);
        }
    }
}
