using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

/// <summary>What tools nobody here wrote must say about every PDF we sign.</summary>
internal static class ExternalChecks
{
    public static void AssertQpdfClean(string path, ITestOutputHelper output)
    {
        if (!ExternalTool.Require("qpdf", output)) return;
        var check = ExternalTool.Run("qpdf", ["--check", path]);
        Assert.True(check.ExitCode == 0 && !check.StandardOutput.Contains("WARNING") && !check.StandardError.Contains("WARNING"), check.ToString());
    }

    /// <summary>pdfsig finds <paramref name="expected"/> signatures, each valid, each signer's chain trusted by NSS.</summary>
    public static void AssertPdfSigValid(string rootsPem, string path, int expected, ITestOutputHelper output)
    {
        using var pdfsig = PdfSig.Create(rootsPem, output);
        if (pdfsig is null) return;
        var signatures = pdfsig.Verify(path);
        Assert.Equal(expected, signatures.Count);
        foreach (var signature in signatures)
        {
            Assert.True(signature.Valid, signature.Text);
            Assert.True(pdfsig.ChainTrusted(path, signature), signature.Text);
        }
    }
}
