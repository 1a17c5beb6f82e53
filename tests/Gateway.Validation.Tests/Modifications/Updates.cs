using Gateway.Pdf;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>Hand-made incremental updates appended to a (signed) PDF with Gateway.Pdf's writer.</summary>
internal static class Updates
{
    public static byte[] Append(byte[] pdf, Action<PdfDocument, PdfIncrementalUpdate> change)
    {
        var document = PdfDocument.Open(pdf);
        var update = new PdfIncrementalUpdate(document);
        change(document, update);
        return update.ToArray();
    }

    public static PdfDictionary Clone(PdfDocument document, int number) =>
        document.Resolve<PdfDictionary>(new PdfReference(number))?.Clone() ?? throw new InvalidOperationException($"object {number} is not a dictionary");

    public static PdfReference Ref(int number) => new(number);

    public static PdfArray Array(params PdfObject[] items) => new(items);

    public static PdfArray Rect(double x1, double y1, double x2, double y2) => new([new PdfReal(x1), new PdfReal(y1), new PdfReal(x2), new PdfReal(y2)]);

    public static PdfStream Form(string content, double width = 200, double height = 20) => new(
        new PdfDictionary
        {
            ["Type"] = new PdfName("XObject"),
            ["Subtype"] = new PdfName("Form"),
            ["BBox"] = Rect(0, 0, width, height),
            ["Resources"] = new PdfDictionary { ["Font"] = new PdfDictionary { ["Helv"] = Ref(TestDocuments.Font) } },
        },
        System.Text.Encoding.ASCII.GetBytes(content));

    /// <summary>A new annotation on a page: the page's /Annots gets it.</summary>
    public static PdfReference AddAnnotation(PdfDocument document, PdfIncrementalUpdate update, int page, PdfDictionary annotation)
    {
        var reference = update.Add(annotation);
        var dictionary = Clone(document, page);
        var annots = new PdfArray(document.Resolve<PdfArray>(dictionary.Get("Annots")) ?? []) { reference };
        dictionary["Annots"] = annots;
        update.Replace(Ref(page), dictionary);
        return reference;
    }

    public static PdfDictionary FreeText(PdfIncrementalUpdate update, string text) => new()
    {
        ["Type"] = new PdfName("Annot"),
        ["Subtype"] = new PdfName("FreeText"),
        ["Rect"] = Rect(60, 740, 400, 790),
        ["Contents"] = PdfString.FromText(text),
        ["DA"] = PdfString.FromText("/Helv 24 Tf 1 0 0 rg"),
        ["AP"] = new PdfDictionary { ["N"] = update.Add(Form($"1 1 1 rg 0 0 340 50 re f BT /Helv 24 Tf 5 15 Td ({text}) Tj ET", 340, 50)) },
    };

    /// <summary>Fills the text field "Name": a new value and a new appearance stream, as a viewer does.</summary>
    public static byte[] FillName(byte[] pdf, string value) => Append(pdf, (document, update) =>
    {
        var field = Clone(document, TestDocuments.NameField);
        field["V"] = PdfString.FromText(value);
        field["AP"] = new PdfDictionary { ["N"] = update.Add(Form($"/Tx BMC BT /Helv 12 Tf 2 5 Td ({value}) Tj ET EMC")) };
        update.Replace(Ref(TestDocuments.NameField), field);
    });
}
