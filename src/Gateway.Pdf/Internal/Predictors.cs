namespace Gateway.Pdf.Internal;

/// <summary>PNG predictors (ISO 32000-1 7.4.4.4), used by cross-reference streams in practice.</summary>
internal static class Predictors
{
    public static byte[] Apply(byte[] data, PdfDictionary? parameters, Func<PdfObject?, PdfObject> resolve, string where)
    {
        if (parameters is null) return data;
        var predictor = Integer(parameters, "Predictor", 1, resolve);
        if (predictor == 1) return data;
        if (predictor < 10) throw new PdfFormatException($"unsupported predictor {predictor} {where}");
        var colors = Integer(parameters, "Colors", 1, resolve);
        var bits = Integer(parameters, "BitsPerComponent", 8, resolve);
        var columns = Integer(parameters, "Columns", 1, resolve);
        if (colors is < 1 or > 32 || bits is not (1 or 2 or 4 or 8 or 16) || columns < 1 || columns > data.Length * 8L)
            throw new PdfFormatException($"invalid predictor parameters {where}");
        var bytesPerPixel = (int)Math.Max(1, colors * bits / 8);
        var rowLength = (int)((colors * bits * columns + 7) / 8);
        var rows = data.Length / (rowLength + 1);
        var output = new byte[(long)rows * rowLength];
        var previous = new byte[rowLength];
        for (var row = 0; row < rows; row++)
        {
            var source = data.AsSpan(row * (rowLength + 1) + 1, rowLength);
            var current = output.AsSpan(row * rowLength, rowLength);
            var type = data[row * (rowLength + 1)];
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= bytesPerPixel ? current[i - bytesPerPixel] : 0;
                int up = previous[i];
                int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                current[i] = type switch
                {
                    0 => source[i],
                    1 => (byte)(source[i] + left),
                    2 => (byte)(source[i] + up),
                    3 => (byte)(source[i] + (left + up) / 2),
                    4 => (byte)(source[i] + Paeth(left, up, upLeft)),
                    _ => throw new PdfFormatException($"invalid PNG predictor type {type} in row {row} {where}"),
                };
            }
            current.CopyTo(previous);
        }
        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static long Integer(PdfDictionary parameters, string key, long fallback, Func<PdfObject?, PdfObject> resolve) =>
        resolve(parameters[key]) is PdfInteger integer ? integer.Value : fallback;
}
