using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

internal static class Annotations
{
    /// <summary>An annotation dictionary (ISO 32000-1 12.5.2): /Type /Annot, or a /Subtype with a /Rect.</summary>
    public static bool IsAnnotation(PdfDictionary dictionary) =>
        (dictionary.Get("Type") as PdfName)?.Value == "Annot" || (dictionary.Get("Subtype") is PdfName && dictionary.Get("Rect") is PdfArray or PdfReference);

    public static bool IsWidget(PdfDictionary dictionary) => (dictionary.Get("Subtype") as PdfName)?.Value == "Widget";

    public static string SubtypeOf(PdfDictionary? dictionary) => (dictionary?.Get("Subtype") as PdfName)?.Value ?? "?";

    /// <summary>True when /Rect encloses an area (pyHanko's test for a visible widget).</summary>
    public static bool HasArea(RevisionView view, PdfDictionary annotation)
    {
        if (view.Resolve<PdfArray>(annotation.Get("Rect")) is not { Count: 4 } rect) return false;
        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            switch (view.Resolve(rect[i]))
            {
                case PdfInteger integer: values[i] = integer.Value; break;
                case PdfReal real: values[i] = real.Value; break;
                default: return false;
            }
        }
        var area = Math.Abs(values[2] - values[0]) * Math.Abs(values[3] - values[1]);
        return double.IsFinite(area) && area > 0;
    }
}
