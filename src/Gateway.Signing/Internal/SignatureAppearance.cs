using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Gateway.Pdf;
using Gateway.Pdf.Fonts;

namespace Gateway.Signing.Internal;

/// <summary>
/// The normal appearance (/AP /N) of a visible signature: a form XObject with a thin border, the
/// verification QR code on the left (one filled rectangle per run of dark modules, no image) and the
/// text lines on the right in an embedded Type0 font: signer, Thai Buddhist-era time (Bangkok),
/// ISO 8601 UTC time, reason and location.
/// </summary>
internal static class SignatureAppearance
{
    public sealed record Content(string? SignerName, DateTimeOffset Time, string? Reason, string? Location, string? VerificationUrl, string FontPath);

    private const double Padding = 4;
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");
    private static readonly ConcurrentDictionary<string, TrueTypeFont> Fonts = new(StringComparer.Ordinal);

    /// <summary>"ลงนามเมื่อ 26 พฤศจิกายน พ.ศ. 2569 09:16 น." — the th-TH culture's calendar gives the Buddhist era.</summary>
    public static string ThaiTime(DateTimeOffset time) =>
        "ลงนามเมื่อ " + time.ToOffset(Bangkok).ToString("d MMMM พ.ศ. yyyy HH:mm", Thai) + " น.";

    public static string UtcTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static IReadOnlyList<(string Text, double Size)> Lines(Content content)
    {
        var lines = new List<(string, double)>();
        if (content.SignerName is { Length: > 0 } name) lines.Add((name, 10));
        lines.Add((ThaiTime(content.Time), 7.5));
        lines.Add((UtcTime(content.Time), 7));
        if (content.Reason is { Length: > 0 } reason) lines.Add(("เหตุผล: " + reason, 7.5));
        if (content.Location is { Length: > 0 } location) lines.Add(("สถานที่: " + location, 7.5));
        return lines;
    }

    public static PdfReference Write(PdfIncrementalUpdate update, double width, double height, Content content)
    {
        var font = new Type0FontWriter(LoadFont(content.FontPath));
        var ops = new StringBuilder();
        ops.Append("q\n0.5 w 0.2 0.2 0.2 RG ").Append(Rect(0.25, 0.25, width - 0.5, height - 0.5)).Append(" re S\n");

        var textLeft = 2 * Padding;
        if (content.VerificationUrl is { Length: > 0 } url)
        {
            var size = Math.Max(0, Math.Min(height, width / 2) - 2 * Padding);
            DrawQr(ops, url, Padding, (height - size) / 2, size);
            textLeft = Padding + size + 1.5 * Padding;
        }

        var available = width - textLeft - 1.5 * Padding;
        var lines = Lines(content);
        var totalHeight = lines.Sum(l => l.Size * 1.25);
        var shrink = Math.Min(1.2, (height - 2 * Padding) / totalHeight);
        var y = (height + totalHeight * shrink) / 2; // the block centred vertically
        ops.Append("0 0 0 rg\n");
        foreach (var (text, nominal) in lines)
        {
            var measured = font.Measure(text);
            var size = nominal * shrink;
            if (measured > 0 && measured * size > available) size = Math.Max(1, available / measured);
            y -= nominal * shrink * 1.25;
            var baseline = y + 0.3 * nominal * shrink;
            ops.Append("BT /F1 ").Append(Number(size)).Append(" Tf 1 0 0 1 ").Append(Number(textLeft)).Append(' ').Append(Number(baseline))
               .Append(" Tm ").Append(font.Encode(text)).Append(" Tj ET\n");
        }
        ops.Append("Q\n");

        var resources = new PdfDictionary { ["Font"] = new PdfDictionary { ["F1"] = font.Write(update) } };
        var form = new PdfStream(new PdfDictionary
        {
            ["Type"] = new PdfName("XObject"),
            ["Subtype"] = new PdfName("Form"),
            ["BBox"] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfReal(width), new PdfReal(height)]),
            ["Resources"] = resources,
            ["Filter"] = PdfName.FlateDecode,
        }, Type0FontWriter.Deflate(Encoding.ASCII.GetBytes(ops.ToString())));
        return update.Add(form);
    }

    private static TrueTypeFont LoadFont(string path)
    {
        try
        {
            return Fonts.GetOrAdd(Path.GetFullPath(path), TrueTypeFont.Load);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new PadesException(PadesException.AppearanceFont, $"the appearance font {path} cannot be used: {e.Message}", e);
        }
    }

    private static void DrawQr(StringBuilder ops, string url, double x, double y, double size)
    {
        try
        {
            QrCodeDrawing.Append(ops, url, x, y, size);
        }
        catch (QRCoder.Exceptions.DataTooLongException e)
        {
            throw new PadesException(PadesException.AppearanceQr, $"the verification URL ({url.Length} characters) is too long for a QR code", e);
        }
    }

    private static string Rect(double x, double y, double w, double h) => $"{Number(x)} {Number(y)} {Number(w)} {Number(h)}";

    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
