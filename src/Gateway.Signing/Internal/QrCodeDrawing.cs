using System.Globalization;
using System.Text;
using QRCoder;

namespace Gateway.Signing.Internal;

/// <summary>
/// Draws a QR code as vector content-stream operators: one filled rectangle per run of dark modules, no image, so it
/// stays sharp at any zoom and costs a few hundred bytes. Shared by signature appearances and rendered receipts.
/// </summary>
internal static class QrCodeDrawing
{
    /// <summary>
    /// The QR code in a white square, with a two-module quiet zone inside it; the caller's graphics state is left
    /// with a black fill. Throws QRCoder's DataTooLongException when the text does not fit.
    /// </summary>
    public static void Append(StringBuilder ops, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        int first = int.MaxValue, last = -1;
        for (var r = 0; r < matrix.Count; r++)
            for (var c = 0; c < matrix[r].Length; c++)
                if (matrix[r][c]) { first = Math.Min(first, Math.Min(r, c)); last = Math.Max(last, Math.Max(r, c)); }
        if (last < 0) return;
        const int quiet = 2;
        var modules = last - first + 1 + 2 * quiet;
        var module = size / modules;
        ops.Append("1 1 1 rg ").Append(Rect(x, y, size, size)).Append(" re f\n0 0 0 rg\n");
        for (var r = first; r <= last; r++)
        {
            var top = y + size - (r - first + quiet + 1) * module;
            for (var c = first; c <= last; c++)
            {
                if (!matrix[r][c]) continue;
                var start = c;
                while (c + 1 <= last && matrix[r][c + 1]) c++;
                ops.Append(Rect(x + (start - first + quiet) * module, top, (c - start + 1) * module, module)).Append(" re\n");
            }
        }
        ops.Append("f\n");
    }

    private static string Rect(double x, double y, double w, double h) => $"{Number(x)} {Number(y)} {Number(w)} {Number(h)}";

    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
