// PDFsharp 6.2.4 as a peer signer for scripts/bench-sign.sh: PdfSharpSigner IN OUT CERT.pem KEY.pem
// Signs with PDFsharp's own API (adbe.pkcs7.detached through SignedCms, SHA-256, invisible field).
// PDFsharp rewrites the whole file on save (no incremental update).
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PdfSharpSigner IN OUT CERT.pem KEY.pem");
    return 2;
}

// CreateFromPemFile takes the first certificate (the leaf) and attaches the PKCS#8 key. SignedCms on
// Linux accepts an ephemeral key, so no PKCS#12 round trip is needed.
using var certificate = X509Certificate2.CreateFromPemFile(args[2], args[3]);
using var document = PdfReader.Open(args[0], PdfDocumentOpenMode.Modify);
var options = new DigitalSignatureOptions
{
    ContactInfo = "bench",
    Location = "bench",
    Reason = "benchmark",
    AppName = "PdfSharpSigner",
};
DigitalSignatureHandler.ForDocument(document, new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256), options);
document.Save(args[1]);
Console.WriteLine($"PDFsharp signature by {certificate.Subject}: {Path.GetFullPath(args[1])}");
return 0;
