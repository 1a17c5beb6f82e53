using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.ReceiptRendering.Tests;

/// <summary>A real receipt, issued with the development PKI's seal and TSA, rendered and checked with poppler and qpdf.</summary>
public sealed class ReceiptRendererTests(RenderingFixture fixture, ITestOutputHelper output) : IClassFixture<RenderingFixture>
{
    private static string Id => RenderingFixture.Content.ReceiptId;

    [Fact]
    public void Pdfsig_finds_one_valid_trusted_PAdES_signature_over_the_whole_file()
    {
        using var pdfsig = PdfSig.Create(fixture.Pki.RootsPem, output);
        if (pdfsig is null) return;
        var signatures = pdfsig.Verify(fixture.RenderedPath);
        var signature = Assert.Single(signatures);
        output.WriteLine(signature.Text);
        Assert.True(signature.Valid, signature.Text);
        Assert.True(pdfsig.ChainTrusted(fixture.RenderedPath, signature), signature.Text);
        Assert.True(signature.TotalDocumentSigned, signature.Text);
        Assert.Equal("ETSI.CAdES.detached", signature.SubFilter);
    }

    [Fact]
    public void Qpdf_finds_no_structural_problem()
    {
        if (!ExternalTool.Require("qpdf", output)) return;
        var check = ExternalTool.Run("qpdf", ["--check", fixture.RenderedPath]);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void The_extracted_text_has_the_Thai_title_event_dates_digest_and_levels()
    {
        if (!ExternalTool.Require("pdftotext", output)) return;
        var text = ExternalTool.Run("pdftotext", [fixture.RenderedPath, "-"]).StandardOutput;
        output.WriteLine(text);
        foreach (var expected in new[]
                 {
                     "ใบรับ / หลักฐานการรับ", "Receipt / Proof of receipt",
                     "การรับเอกสารที่ยื่น", "Submission accepted (SubmissionAcceptance)",
                     "26 พฤศจิกายน พ.ศ. 2569 เวลา 08:02:03 น.", "2026-11-26T01:02:03.456Z",
                     RenderingFixture.DocumentSha256[..40], Id, "agency-a", "agency-b", "ใบอนุญาตที่ปี่น้ำ.pdf",
                     "ระดับมาตรฐาน", "ระดับเริ่มต้น / initial", "ระบบตรวจพบ", "ผู้ส่งแจ้ง", "ระดับโดยรวม / Overall level",
                     "ช่องทาง / channel", "ผ่าน / TOTAL_PASSED", "gateway-test/evidence-log", "42",
                     $"https://gateway.example.go.th/v/{Id}", $"receipt-{Id}.p7s", "หน้า 1/2 · page 1 of 2",
                 })
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"pdftotext gave no \"{expected}\"");
        // The digest may wrap at the column's edge; joined, it is whole.
        Assert.Contains(RenderingFixture.DocumentSha256, text.Replace("\n", ""));
    }

    [Fact]
    public void The_attached_original_is_the_receipt_byte_for_byte_and_an_associated_source_file()
    {
        if (!ExternalTool.Require("pdfdetach", output)) return;
        var folder = fixture.Folder.File("detached-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var detach = ExternalTool.Run("pdfdetach", ["-saveall", "-o", folder, fixture.RenderedPath]);
        Assert.True(detach.ExitCode == 0, detach.ToString());
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Equal($"receipt-{Id}.p7s", Path.GetFileName(file));
        Assert.Equal(fixture.Receipt, File.ReadAllBytes(file));

        var document = PdfDocument.Open(fixture.Rendered);
        var catalog = document.Catalog;
        var spec = document.Resolve<PdfDictionary>(Assert.Single(document.Resolve<PdfArray>(catalog["AF"])!))!;
        Assert.Equal("Source", ((PdfName)spec["AFRelationship"]!).Value);
        var embedded = document.Resolve<PdfStream>(((PdfDictionary)spec["EF"]!)["F"])!;
        Assert.Equal("application/pkcs7-mime", ((PdfName)embedded.Dictionary["Subtype"]!).Value);
        var metadata = System.Text.Encoding.UTF8.GetString(document.DecodeStream(document.Resolve<PdfStream>(catalog["Metadata"])!));
        Assert.Contains("<pdfaid:part>3</pdfaid:part>", metadata);
        Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", metadata);
    }

    [Fact]
    public async Task A_receipt_with_a_changed_byte_is_not_rendered()
    {
        var forged = fixture.Receipt.ToArray();
        forged[forged.AsSpan().IndexOf("agency-b"u8) + 7] ^= 0x01;
        var e = await Assert.ThrowsAsync<ReceiptRenderException>(() => fixture.Renderer.RenderAsync(forged));
        Assert.Equal(ReceiptRenderException.InvalidReceipt, e.Reason);
    }

    [Fact]
    public async Task A_receipt_signed_by_an_agency_instead_of_the_seal_is_not_rendered()
    {
        using var agency = FileSigningKey.LoadPem(fixture.Pki.AgencySigningCertificate("agency-a"), fixture.Pki.AgencySigningKey("agency-a"));
        var forged = (await new ReceiptIssuer(agency, fixture.Tsa).IssueAsync(RenderingFixture.Content)).Signed;
        var e = await Assert.ThrowsAsync<ReceiptRenderException>(() => fixture.Renderer.RenderAsync(forged));
        Assert.Equal(ReceiptRenderException.InvalidReceipt, e.Reason);
        Assert.Contains("seal", e.Message);
    }

    [Fact]
    public async Task The_QR_code_and_link_follow_the_verify_base_url()
    {
        if (!ExternalTool.Require("pdftotext", output)) return;
        var renderer = new ReceiptRenderer(fixture.Trust, fixture.Seal, fixture.Tsa, new ReceiptRenderOptions { VerifyBaseUrl = "https://verify.example.go.th/gw/" });
        var path = fixture.Folder.File("custom-url.pdf");
        await File.WriteAllBytesAsync(path, await renderer.RenderAsync(fixture.Receipt));
        var text = ExternalTool.Run("pdftotext", [path, "-"]).StandardOutput;
        Assert.Contains($"https://verify.example.go.th/gw/v/{Id}", text);
    }
}
