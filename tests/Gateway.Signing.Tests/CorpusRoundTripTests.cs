using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

/// <summary>
/// Every PDF of ../shared/corpus/pades (signed by other products) signed again by us: each earlier
/// signature must be exactly as valid as before for pdfsig, ours valid, and qpdf no worse.
/// </summary>
public sealed class CorpusRoundTripTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    [Fact]
    public async Task Signing_corpus_documents_leaves_their_signatures_as_they_were()
    {
        var corpus = RepositoryPaths.PadesCorpus();
        if (corpus is null) return;
        using var pdfsig = PdfSig.Create(fixture.Pki.RootsPem, output);
        if (pdfsig is null) return;
        var signer = new PadesSigner(fixture.AgencyKey);
        var signedCount = 0;
        var refused = new List<string>();

        foreach (var file in Directory.EnumerateFiles(corpus, "*.pdf", SearchOption.AllDirectories).Order())
        {
            var name = Path.GetRelativePath(corpus, file);
            var original = await File.ReadAllBytesAsync(file);
            byte[] signed;
            try
            {
                signed = await signer.SignAsync(original, new PadesSignatureOptions());
            }
            catch (PadesException e)
            {
                refused.Add($"{name}: {e.Reason}");
                continue;
            }
            var path = fixture.Save("corpus-" + signedCount + ".pdf", signed);
            var before = pdfsig.Verify(file);
            var after = pdfsig.Verify(path);

            Assert.True(after.Count == before.Count + 1, $"{name}: {before.Count} signatures before, {after.Count} after");
            for (var i = 0; i < before.Count; i++)
            {
                Assert.True(before[i].Valid == after[i].Valid, $"{name}: signature #{i + 1} was {(before[i].Valid ? "valid" : "not valid")} before we signed\n{after[i].Text}");
                Assert.False(after[i].TotalDocumentSigned, $"{name}: signature #{i + 1} cannot cover the whole document any more");
            }
            var ours = after[^1];
            Assert.True(ours.Valid, $"{name}: our signature\n{ours.Text}");
            Assert.True(pdfsig.ChainTrusted(path, ours, SignedPdf.All(signed)[^1].Contents), $"{name}: our signer's chain\n{ours.Text}");
            Assert.True(ours.TotalDocumentSigned, name);

            if (ExternalTool.Require("qpdf", output))
            {
                var q0 = ExternalTool.Run("qpdf", ["--check", file]).ExitCode;
                var q1 = ExternalTool.Run("qpdf", ["--check", path]).ExitCode;
                Assert.True(q1 == 0 || q1 <= q0, $"{name}: qpdf --check exit {q0} before, {q1} after");
            }
            signedCount++;
        }
        output.WriteLine($"signed {signedCount} corpus files; refused: {string.Join("; ", refused)}");
        Assert.True(signedCount >= 30, $"only {signedCount} corpus files could be signed; refused: {string.Join("; ", refused)}");
    }
}
