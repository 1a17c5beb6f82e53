using System.Text;
using Xunit.Abstractions;

namespace Gateway.Pdf.Tests;

public sealed class PlaceholderTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReaderTests.Kinds), MemberType = typeof(ReaderTests))]
    public void Offsets_point_at_the_brackets_and_patching_in_place_keeps_the_file_valid(string kind)
    {
        var document = PdfDocument.Open(ReaderTests.Sample(kind));
        var update = new PdfIncrementalUpdate(document);
        var contents = new PdfHexPlaceholder(64);
        var byteRange = new PdfByteRangePlaceholder();
        var signature = update.Add(new PdfDictionary
        {
            ["Type"] = PdfName.Sig,
            ["Filter"] = new PdfName("Adobe.PPKLite"),
            ["SubFilter"] = new PdfName("ETSI.CAdES.detached"),
            ["ByteRange"] = byteRange,
            ["Contents"] = contents,
        });
        var catalog = document.Catalog.Clone();
        catalog["GatewaySignature"] = signature;
        update.Replace((PdfReference)document.Trailer["Root"]!, catalog);

        var stream = new MemoryStream();
        var result = update.WriteTo(stream);
        var bytes = stream.ToArray();
        Assert.Equal(bytes.Length, result.Length);
        var a = result.PlaceholderOffsets[contents];
        var b = a + contents.WrittenLength;
        Assert.Equal((byte)'<', bytes[a]);
        Assert.Equal((byte)'>', bytes[b - 1]);
        Assert.Equal(new string('0', 128), Encoding.ASCII.GetString(bytes, (int)a + 1, 128));
        var at = result.PlaceholderOffsets[byteRange];
        Assert.Equal("[0 0000000000 0000000000 0000000000]", Encoding.ASCII.GetString(bytes, (int)at, PdfByteRangePlaceholder.Width));

        PdfByteRangePlaceholder.Encode(0, a, b, bytes.Length - b).CopyTo(bytes, at);
        "3082ABCD"u8.ToArray().CopyTo(bytes, a + 1);
        Qpdf.AssertClean(bytes, output);

        var signed = PdfDocument.Open(bytes);
        var dictionary = (PdfDictionary)signed.GetObject(signature.Number)!;
        var range = ((PdfArray)dictionary["ByteRange"]!).Select(x => ((PdfInteger)x).Value).ToArray();
        Assert.Equal([0, a, b, bytes.Length - b], range);
        Assert.Contains(signed.Revisions, r => r.EndOffset == range[2] + range[3]);
        Assert.Equal(64, ((PdfString)dictionary["Contents"]!).Bytes.Length);
    }

    [Fact]
    public void A_byte_range_that_does_not_fit_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PdfByteRangePlaceholder.Encode(0, 1, 2, 10_000_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => PdfByteRangePlaceholder.Encode(5, 1, 2, 3));
    }
}
