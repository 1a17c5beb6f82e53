using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

/// <summary>
/// npm's @signpdf (a second incremental signer nobody here wrote, adbe.pkcs7.detached) and ours on
/// the same document, in both orders: every signature must stay valid.
/// </summary>
public sealed class SignPdfInteropTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private static string SignJs => Path.Combine(RepositoryPaths.Root, "bench", "signpdf", "sign.js");

    private string? P12()
    {
        if (!ExternalTool.Require("node", output) || !ExternalTool.RequireOpenSsl(output)) return null;
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, "bench", "signpdf", "node_modules", "@signpdf", "signpdf")))
        {
            if (ExternalTool.InCi) Assert.Fail("bench/signpdf/node_modules is missing: make node-deps installs it");
            return null;
        }
        var p12 = fixture.Folder.File("signpdf.p12");
        if (File.Exists(p12)) return p12;
        // @signpdf/signer-p12 reads RSA keys only.
        var (cert, key) = fixture.IssueSigner("RSA-2048");
        var export = ExternalTool.RunOpenSsl("pkcs12", "-export", "-in", cert, "-inkey", key, "-out", p12, "-passout", "pass:test");
        Assert.True(export.ExitCode == 0, export.ToString());
        return p12;
    }

    private void SignWithSignPdf(string input, string outputPath, string p12)
    {
        var result = ExternalTool.Run("node", [SignJs, input, outputPath, p12, "test"]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private void AssertAllValid(string path, int count)
    {
        using var pdfsig = PdfSig.Create(fixture.Pki.RootsPem, output);
        if (pdfsig is null) return;
        var signatures = pdfsig.Verify(path);
        Assert.Equal(count, signatures.Count);
        foreach (var signature in signatures) Assert.True(signature.Valid, signature.Text);
        // Only the latest covers the whole file (pdfsig lists fields in the order of /Fields, not of signing).
        Assert.Single(signatures, s => s.TotalDocumentSigned);
    }

    [Fact]
    public async Task Our_signature_on_top_of_a_signpdf_signature_keeps_it_valid()
    {
        if (P12() is not { } p12) return;
        var first = fixture.Folder.File("signpdf-first.pdf");
        SignWithSignPdf(RepositoryPaths.Sample("permit.pdf"), first, p12);
        var ours = await new PadesSigner(fixture.AgencyKey, fixture.Tsa).SignAsync(await File.ReadAllBytesAsync(first), new PadesSignatureOptions { Level = PadesLevel.BaselineT });
        AssertAllValid(fixture.Save("signpdf-then-ours.pdf", ours), 2);
    }

    [Fact]
    public async Task A_signpdf_signature_on_top_of_ours_keeps_ours_valid()
    {
        if (P12() is not { } p12) return;
        var ours = fixture.Save("ours-first.pdf", await new PadesSigner(fixture.AgencyKey, fixture.Tsa).SignAsync(fixture.Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT }));
        var both = fixture.Folder.File("ours-then-signpdf.pdf");
        SignWithSignPdf(ours, both, p12);
        AssertAllValid(both, 2);
    }
}
