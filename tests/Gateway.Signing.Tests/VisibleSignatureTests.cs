using System.Text;
using Gateway.Crypto;
using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

public sealed class VisibleSignatureTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private static readonly DateTimeOffset SigningTime = new(2026, 3, 14, 2, 30, 0, TimeSpan.Zero);
    private const string Reason = "อนุมัติใบอนุญาต";
    private const string Location = "กรุงเทพมหานคร";
    private const string Url = "https://gateway.example.go.th/verify/PERMIT-2569-000123";

    private static PadesSignatureOptions Options(int page = 0, double x = 0, double y = 0, double width = 0, double height = 0) => new()
    {
        Reason = Reason,
        Location = Location,
        SigningTime = SigningTime,
        Appearance = new VisibleSignature { PageIndex = page, X = x, Y = y, Width = width, Height = height, VerificationUrl = Url },
    };

    private void AssertQpdfClean(string path) => ExternalChecks.AssertQpdfClean(path, output);

    private void AssertPdfSigValid(string path, int expected) => ExternalChecks.AssertPdfSigValid(fixture.Pki.RootsPem, path, expected, output);

    private static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public async Task A_visible_Thai_signature_is_valid_extractable_and_renders()
    {
        var original = fixture.Permit;
        var signed = await new PadesSigner(fixture.AgencyKey).SignAsync(original, Options());
        var path = fixture.Save("visible.pdf", signed);
        Assert.True(signed.AsSpan(0, original.Length).SequenceEqual(original));

        var document = PdfDocument.Open(signed);
        var widget = document.Resolve<PdfDictionary>(document.Resolve<PdfArray>(document.Resolve<PdfDictionary>(document.Pages[0])!.Get("Annots"))![^1])!;
        var rect = document.Resolve<PdfArray>(widget.Get("Rect"))!.Select(v => document.Resolve(v) switch { PdfReal r => r.Value, PdfInteger i => i.Value, _ => double.NaN }).ToArray();
        Assert.Equal([595 - 36 - 260, 36, 595 - 36, 36 + 90], rect);
        var appearance = document.Resolve<PdfStream>(document.Resolve<PdfDictionary>(widget.Get("AP"))!.Get("N"))!;
        var font = document.Resolve<PdfDictionary>(document.Resolve<PdfDictionary>(document.Resolve<PdfDictionary>(appearance.Dictionary.Get("Resources"))!.Get("Font"))!.Get("F1"))!;
        var descendant = document.Resolve<PdfDictionary>(document.Resolve<PdfArray>(font.Get("DescendantFonts"))![0])!;
        var fontFile = document.Resolve<PdfStream>(document.Resolve<PdfDictionary>(descendant.Get("FontDescriptor"))!.Get("FontFile2"))!;
        var program = document.DecodeStream(fontFile);
        output.WriteLine($"font subset: {program.Length} bytes ({fontFile.EncodedData.Length} compressed)");
        Assert.InRange(program.Length, 1, 40 * 1024);
        Assert.Equal("Identity-H", ((PdfName)font.Get("Encoding")!).Value);

        AssertQpdfClean(path);
        AssertPdfSigValid(path, 1);
        var verdict = CadesVerifier.Verify(SignedPdf.All(signed).Single().Contents, fixture.Trust, SignedPdf.All(signed).Single().SignedBytes);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));

        if (!ExternalTool.Require("pdftotext", output)) return;
        var text = ExternalTool.Run("pdftotext", ["-enc", "UTF-8", path, "-"]);
        Assert.True(text.ExitCode == 0, text.ToString());
        output.WriteLine(text.StandardOutput);
        var compact = Compact(text.StandardOutput);
        Assert.Contains(Compact(Reason), compact);
        Assert.Contains(Compact(Location), compact);
        Assert.Contains(Compact(fixture.AgencyKey.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)), compact);
        Assert.Contains("2569", compact);
        Assert.Contains("2026-03-14T02:30:00Z", compact);

        if (!ExternalTool.Require("pdftoppm", output)) return;
        var render = ExternalTool.Run("pdftoppm", ["-png", "-r", "72", "-f", "1", "-l", "1", path, fixture.Folder.File("visible")]);
        Assert.True(render.ExitCode == 0 && render.StandardError.Length == 0, render.ToString());
        var png = fixture.Folder.File("visible-1.png");
        Assert.True(File.Exists(png), string.Join(", ", fixture.Folder.AllFiles()));
        if (Environment.GetEnvironmentVariable("GW_APPEARANCE_PREVIEW") is { Length: > 0 } preview)
        {
            Directory.CreateDirectory(preview);
            File.Copy(path, Path.Combine(preview, "visible.pdf"), true);
            ExternalTool.Run("pdftoppm", ["-png", "-r", "200", path, Path.Combine(preview, "visible200")]);
            File.Copy(png, Path.Combine(preview, "visible-72.png"), true);
        }
    }

    [Fact]
    public async Task A_second_visible_signature_on_page_two_keeps_the_first_valid()
    {
        var twoPages = TwoPages(fixture.Permit);
        var once = await new PadesSigner(fixture.AgencyKey).SignAsync(twoPages, Options());
        var twice = await new PadesSigner(fixture.OtherKey).SignAsync(once, new PadesSignatureOptions
        {
            Reason = "ตรวจสอบแล้ว",
            SigningTime = SigningTime.AddHours(1),
            Appearance = new VisibleSignature { PageIndex = 1, X = 50, Y = 600, Width = 240, Height = 80 },
        });
        var path = fixture.Save("visible-two.pdf", twice);
        Assert.True(twice.AsSpan(0, once.Length).SequenceEqual(once));

        var document = PdfDocument.Open(twice);
        Assert.Equal(2, document.Pages.Count);
        var annots = document.Resolve<PdfArray>(document.Resolve<PdfDictionary>(document.Pages[1])!.Get("Annots"))!;
        var widget = document.Resolve<PdfDictionary>(annots.Single())!;
        Assert.Equal(document.Pages[1], widget.Get("P"));
        Assert.Single(document.Resolve<PdfArray>(document.Resolve<PdfDictionary>(document.Pages[0])!.Get("Annots"))!);

        AssertQpdfClean(path);
        AssertPdfSigValid(path, 2);
        foreach (var signature in SignedPdf.All(twice))
        {
            var verdict = CadesVerifier.Verify(signature.Contents, fixture.Trust, signature.SignedBytes);
            Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        }
        if (!ExternalTool.Require("pdftotext", output)) return;
        var page2 = ExternalTool.Run("pdftotext", ["-enc", "UTF-8", "-f", "2", "-l", "2", path, "-"]);
        Assert.Contains("ตรวจสอบแล้ว", Compact(page2.StandardOutput));
    }

    [Fact]
    public async Task A_page_outside_the_document_is_refused()
    {
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, Options(page: 3)));
        Assert.Equal("APPEARANCE_PAGE", e.Reason);
    }

    [Fact]
    public async Task A_verification_URL_too_long_for_a_QR_code_is_refused()
    {
        var options = Options();
        options.Appearance!.VerificationUrl = "https://example.go.th/" + new string('x', 4000);
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, options));
        Assert.Equal("APPEARANCE_QR", e.Reason);
    }

    [Fact]
    public async Task A_missing_font_is_refused()
    {
        var options = Options();
        options.Appearance!.FontPath = fixture.Folder.File("no-such-font.ttf");
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, options));
        Assert.Equal("APPEARANCE_FONT", e.Reason);
    }

    /// <summary>The permit with a copy of its page appended, as an incremental update.</summary>
    private static byte[] TwoPages(byte[] pdf)
    {
        var document = PdfDocument.Open(pdf);
        var update = new PdfIncrementalUpdate(document);
        var pagesRef = (PdfReference)document.Catalog.Get("Pages")!;
        var pages = document.Resolve<PdfDictionary>(pagesRef)!.Clone();
        var copy = document.Resolve<PdfDictionary>(document.Pages[0])!.Clone();
        copy.Remove("Annots");
        copy["Parent"] = pagesRef;
        var copyRef = update.Add(copy);
        pages["Kids"] = new PdfArray(document.Resolve<PdfArray>(pages.Get("Kids"))!) { copyRef };
        pages["Count"] = new PdfInteger(2);
        update.Replace(pagesRef, pages);
        return update.ToArray();
    }
}
