using System.Globalization;
using System.Text;
using Gateway.Pdf.Fonts;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// Lays text out top to bottom on A4 pages: shaped lines in a regular and a bold face, wrapped to a width, a cursor
/// that starts a new page when the next block does not fit, rules and boxes. Content streams only; the document
/// objects are written by <see cref="ReceiptPdfWriter"/>.
/// </summary>
internal sealed class PageComposer : IDisposable
{
    public const double PageWidth = 595.276;
    public const double PageHeight = 841.89;
    public const double Margin = 48;
    public const string RegularName = "F1";
    public const string BoldName = "F2";

    private readonly TextShaper _regularShaper;
    private readonly TextShaper _boldShaper;
    private readonly List<StringBuilder> _pages = [];

    public PageComposer(TrueTypeFont regular, TrueTypeFont bold)
    {
        _regularShaper = new TextShaper(regular);
        _boldShaper = new TextShaper(bold);
        Regular = new Type0FontWriter(regular);
        Bold = new Type0FontWriter(bold);
        NewPage();
    }

    public Type0FontWriter Regular { get; }
    public Type0FontWriter Bold { get; }
    public IReadOnlyList<StringBuilder> Pages => _pages;

    /// <summary>The current baseline's distance from the page bottom.</summary>
    public double Y { get; set; }

    /// <summary>Space kept free at the bottom of every page.</summary>
    public double Bottom { get; set; } = Margin;

    public StringBuilder Current => _pages[^1];

    public static double LineHeight(double size) => size * 1.28;

    public void NewPage()
    {
        _pages.Add(new StringBuilder());
        Y = PageHeight - Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit above the bottom.</summary>
    public void Reserve(double height)
    {
        if (Y - height < Bottom) NewPage();
    }

    public double Measure(string text, double size, bool bold = false) => Shaper(bold).Shape(text).Width(size);

    /// <summary>Draws one line with its baseline at <paramref name="baseline"/>; nothing is wrapped.</summary>
    public void Text(string text, double size, double x, double baseline, bool bold = false) => Text(Current, text, size, x, baseline, bold);

    private void Text(StringBuilder page, string text, double size, double x, double baseline, bool bold = false)
    {
        if (text.Length == 0) return;
        ShapedTextOperators.Append(page, bold ? Bold : Regular, bold ? BoldName : RegularName, Shaper(bold).Shape(text), size, x, baseline);
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/>: at spaces where it can, else between grapheme
    /// clusters (a digest, an id, Thai without spaces), never inside one, so a tone mark stays with its consonant.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, double size, double width, bool bold = false)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var rest = paragraph;
            while (rest.Length > 0)
            {
                if (Measure(rest, size, bold) <= width)
                {
                    lines.Add(rest);
                    break;
                }
                var fit = LongestFit(rest, size, width, bold);
                lines.Add(rest[..fit].TrimEnd());
                rest = rest[fit..].TrimStart();
            }
            if (paragraph.Length == 0) lines.Add("");
        }
        return lines;
    }

    private int LongestFit(string text, double size, double width, bool bold)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(text).Skip(1).Append(text.Length).ToArray();
        int lo = 0, hi = boundaries.Length - 1, best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Measure(text[..boundaries[mid]].TrimEnd(), size, bold) <= width) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (best < 0) return boundaries[0]; // not even one cluster fits: take it anyway
        var end = boundaries[best];
        var space = text.LastIndexOf(' ', end - 1, end);
        return space > 0 && end < text.Length && text[end] != ' ' ? space + 1 : end;
    }

    /// <summary>"ใบรับ ID · หน้า 1/2 · page 1 of 2" under the bottom margin of every page, once all pages are known.</summary>
    public void NumberPages(string receiptId)
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            var label = $"ใบรับ {receiptId} · หน้า {i + 1}/{_pages.Count} · page {i + 1} of {_pages.Count}";
            Text(_pages[i], label, 8, PageWidth - Margin - Measure(label, 8), Margin - 22);
        }
    }

    public void Rule(double x1, double x2, double y, double width = 0.5) =>
        Current.Append(CultureInfo.InvariantCulture, $"q {N(width)} w 0.35 g 0.35 G {N(x1)} {N(y)} m {N(x2)} {N(y)} l S Q\n");

    public void Fill(double x, double y, double w, double h, double gray) =>
        Current.Append(CultureInfo.InvariantCulture, $"q {N(gray)} g {N(x)} {N(y)} {N(w)} {N(h)} re f Q\n");

    private TextShaper Shaper(bool bold) => bold ? _boldShaper : _regularShaper;

    private static string N(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _regularShaper.Dispose();
        _boldShaper.Dispose();
    }
}
