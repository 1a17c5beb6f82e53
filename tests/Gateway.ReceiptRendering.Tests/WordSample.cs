using System.Text;
using Gateway.Pdf;
using Gateway.Pdf.Fonts;
using Gateway.ReceiptRendering.Internal;

namespace Gateway.ReceiptRendering.Tests;

/// <summary>
/// One word alone on a small page, drawn the way the renderer draws text (shaped) or the way the signature appearance
/// does (unshaped, each character's own glyph), rasterised by poppler into rows of grey pixels.
/// </summary>
internal static class WordSample
{
    public const double Size = 72;
    private const double Width = 900, Height = 200, X = 40, Baseline = 60;

    public static byte[] Pdf(string word, bool shaped)
    {
        var font = TrueTypeFont.Load(ReceiptRenderOptions.DefaultFontPath);
        var writer = new Type0FontWriter(font);
        var ops = new StringBuilder();
        if (shaped)
        {
            using var shaper = new TextShaper(font);
            ShapedTextOperators.Append(ops, writer, "F1", shaper.Shape(word), Size, X, Baseline);
        }
        else
        {
            ops.Append($"BT /F1 {Size} Tf {X} {Baseline} Td {writer.Encode(word)} Tj ET\n");
        }
        var file = new PdfFileBuilder();
        var pages = file.Reserve();
        var page = file.Add(new PdfDictionary
        {
            [PdfName.Type] = PdfName.Page,
            [PdfName.Parent] = pages,
            [PdfName.MediaBox] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfReal(Width), new PdfReal(Height)]),
            [PdfName.Resources] = new PdfDictionary { ["Font"] = new PdfDictionary { ["F1"] = writer.Write(file) } },
            [PdfName.Contents] = file.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes(ops.ToString()))),
        });
        file.Set(pages, new PdfDictionary { [PdfName.Type] = PdfName.Pages, [PdfName.Kids] = new PdfArray([page]), [PdfName.Count] = new PdfInteger(1) });
        return file.ToArray(file.Add(new PdfDictionary { [PdfName.Type] = PdfName.Catalog, [PdfName.Pages] = pages }));
    }

    /// <summary>The page rasterised by pdftoppm -r 150 -gray (a binary PGM, so no image library is needed); true = ink.</summary>
    public static bool[,] Raster(TempFolder folder, string word, bool shaped)
    {
        var name = $"{(shaped ? "shaped" : "plain")}-{Convert.ToHexString(Encoding.UTF8.GetBytes(word))}";
        var pdf = folder.File(name + ".pdf");
        File.WriteAllBytes(pdf, Pdf(word, shaped));
        var result = ExternalTool.Run("pdftoppm", ["-r", "150", "-gray", "-singlefile", pdf, folder.File(name)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var (width, height, pixels) = ReadPgm(File.ReadAllBytes(folder.File(name + ".pgm")));
        var ink = new bool[height, width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                ink[y, x] = pixels[y * width + x] < 128;
        return ink;
    }

    /// <summary>Whether each row has ink, top row first.</summary>
    public static bool[] Rows(bool[,] ink) =>
        Enumerable.Range(0, ink.GetLength(0)).Select(y => Enumerable.Range(0, ink.GetLength(1)).Any(x => ink[y, x])).ToArray();

    /// <summary>Whether each column has ink in rows [from, to).</summary>
    public static bool[] Columns(bool[,] ink, int from, int to) =>
        Enumerable.Range(0, ink.GetLength(1)).Select(x => Enumerable.Range(from, to - from).Any(y => ink[y, x])).ToArray();

    /// <summary>Runs of inked rows (or columns) in [from, to) as (first, last).</summary>
    public static List<(int First, int Last)> Bands(bool[] rows, int from, int to)
    {
        var bands = new List<(int, int)>();
        for (var y = from; y < to; y++)
        {
            if (!rows[y]) continue;
            var start = y;
            while (y + 1 < to && rows[y + 1]) y++;
            bands.Add((start, y));
        }
        return bands;
    }

    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] data)
    {
        var fields = new List<string>();
        var p = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)data[p])) p++;
            if (data[p] == '#') { while (data[p] != '\n') p++; continue; }
            var start = p;
            while (!char.IsWhiteSpace((char)data[p])) p++;
            fields.Add(Encoding.ASCII.GetString(data, start, p - start));
        }
        p++; // the single whitespace after maxval
        Assert.Equal("P5", fields[0]);
        int width = int.Parse(fields[1]), height = int.Parse(fields[2]);
        return (width, height, data[p..(p + width * height)]);
    }
}
