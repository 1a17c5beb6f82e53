namespace Gateway.Pdf.Tests;

/// <summary>
/// Inputs the fuzz harnesses (fuzz/README.md) found the reader refusing with something other than its one documented
/// refusal, PdfFormatException. Each file is in testdata/fuzz.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static byte[] Input(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", name));

    /// <summary>
    /// An object stream whose zlib header sets FDICT (a preset dictionary): zlib answers Z_NEED_DICT, which .NET throws
    /// as ZLibException, an IOException; it escaped PdfDocument.Open from the recovery scan.
    /// </summary>
    [Fact]
    public void A_Flate_stream_that_wants_a_preset_dictionary_is_a_format_error()
    {
        var thrown = Record.Exception(() =>
        {
            var document = PdfDocument.Open(Input("flate-preset-dictionary.pdf"));
            foreach (var entry in document.GetRevisionEntries(document.Revisions.Count - 1))
            {
                try
                {
                    if (document.GetObject(entry.Number) is PdfStream stream) document.DecodeStream(stream);
                }
                catch (PdfFormatException)
                {
                }
            }
        });
        Assert.True(thrown is null or PdfFormatException, thrown?.ToString());
    }
}
