using Gateway.Pdf;

namespace Gateway.Signing.Tests;

/// <summary>Reads back the signatures we wrote: ByteRange, the signed bytes and the DER /Contents.</summary>
internal sealed record SignedPdf(PdfDictionary Signature, long[] ByteRange, byte[] SignedBytes, byte[] Contents)
{
    public static IReadOnlyList<SignedPdf> All(byte[] pdf)
    {
        var document = PdfDocument.Open(pdf);
        var result = new List<SignedPdf>();
        foreach (var entry in PdfSignatureFields.Find(document))
        {
            if (entry.Signature is not { } signature) continue;
            var range = document.Resolve<PdfArray>(signature.Get("ByteRange"))!.Select(o => ((PdfInteger)document.Resolve(o)).Value).ToArray();
            var signed = pdf.AsSpan((int)range[0], (int)range[1]).ToArray().Concat(pdf.AsSpan((int)range[2], (int)range[3]).ToArray()).ToArray();
            var contents = Internal.CmsMaterial.TrimDer(((PdfString)document.Resolve(signature.Get("Contents"))).Bytes);
            result.Add(new SignedPdf(signature, range, signed, contents));
        }
        return result;
    }
}
