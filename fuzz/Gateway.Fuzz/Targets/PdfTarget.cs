using Gateway.Pdf;

namespace Gateway.Fuzz.Targets;

/// <summary><c>pdf</c>: the reader (xref tables and streams, object streams, recovery) and the revision splitter.</summary>
internal sealed class PdfTarget(FuzzMaterial material) : IFuzzTarget
{
    public string Name => "pdf";

    public IEnumerable<Seed> Seeds() => SeedSource.Pdfs(material);

    public void Run(byte[] input)
    {
        if (PdfWalk.Try(() => PdfDocument.Open(input)) is { } document) PdfWalk.Visit(document);
    }
}
