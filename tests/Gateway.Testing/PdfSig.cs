using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gateway.Testing;

/// <summary>
/// poppler's pdfsig with its own NSS database that trusts the given roots. pdfsig exits 0 even for
/// invalid signatures, so its text is parsed, one entry per "Signature #N".
/// </summary>
public sealed partial class PdfSig : IDisposable
{
    public sealed record Signature(int Number, string Text)
    {
        public bool Valid => Text.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal);
        public bool Trusted => Text.Contains("Certificate Validation: Certificate is Trusted.", StringComparison.Ordinal);
        public bool TotalDocumentSigned => Text.Contains("Total document signed", StringComparison.Ordinal)
                                           && !Text.Contains("not total document signed", StringComparison.OrdinalIgnoreCase);
        public string? SubFilter => Regex.Match(Text, @"Signature Type: (\S+)").Groups[1].Value is { Length: > 0 } v ? v : null;
    }

    private readonly TempFolder _owned;

    private PdfSig(TempFolder folder)
    {
        _owned = folder;
        Database = "sql:" + folder.Path;
    }

    public string Database { get; }

    /// <summary>An NSS database trusting each root in the PEM file; null (test returns early) when the tools are missing outside CI.</summary>
    public static PdfSig? Create(string rootsPem, ITestOutputHelper? output = null)
    {
        if (!ExternalTool.Require("pdfsig", output) || !ExternalTool.Require("certutil", output)) return null;
        var folder = new TempFolder("gw-nss");
        var pdfsig = new PdfSig(folder);
        Check(ExternalTool.Run("certutil", ["-N", "-d", pdfsig.Database, "--empty-password"]));
        var pems = PemBlock().Matches(File.ReadAllText(rootsPem)).Select(m => m.Value).ToList();
        for (var i = 0; i < pems.Count; i++)
        {
            var file = folder.File($"root{i}.pem");
            File.WriteAllText(file, pems[i]);
            Check(ExternalTool.Run("certutil", ["-A", "-d", pdfsig.Database, "-n", $"root{i}", "-t", "CT,C,C", "-i", file]));
        }
        return pdfsig;
    }

    public IReadOnlyList<Signature> Verify(string pdf)
    {
        var result = ExternalTool.Run("pdfsig", ["-nssdir", Database, "-no-ocsp", pdf]);
        return Parse(result.StandardOutput);
    }

    /// <summary>
    /// Whether NSS trusts the signer's chain for email signing (the usage pdfsig asks for). pdfsig
    /// 22.12 reads NSS's last error code without looking at the verification's result, so a good
    /// chain can come out as "Unknown issue" depending on which optional extension NSS looked up
    /// last; in that case the same NSS database decides through vfychain, which reports the result.
    /// </summary>
    /// <param name="cms">The signature's DER CMS when the caller has it: pdfsig -dump stops at the first signature it cannot dump.</param>
    public bool ChainTrusted(string pdf, Signature signature, byte[]? cms = null)
    {
        if (signature.Trusted) return true;
        if (!signature.Text.Contains("Unknown issue with Certificate", StringComparison.Ordinal)) return false;
        if (!ExternalTool.Require("vfychain") || !ExternalTool.RequireOpenSsl()) return false;

        var dump = _owned.File($"dump-{Guid.NewGuid():N}.pdf");
        var cmsFile = $"{dump}.sig{signature.Number - 1}";
        if (cms is not null)
        {
            File.WriteAllBytes(cmsFile, cms);
        }
        else
        {
            File.Copy(pdf, dump);
            ExternalTool.Run("pdfsig", ["-nssdir", Database, "-no-ocsp", "-nocert", "-dump", dump], workingDirectory: _owned.Path);
        }
        var pems = ExternalTool.RunOpenSsl("pkcs7", "-inform", "DER", "-in", cmsFile, "-print_certs").StandardOutput;
        var certificates = PemBlock().Matches(pems).Select(m => System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(m.Value)).ToList();
        var leaf = certificates.FirstOrDefault(c => !certificates.Any(o => o != c && o.IssuerName.RawData.AsSpan().SequenceEqual(c.SubjectName.RawData)));
        if (leaf is null) return false;
        var files = new List<string>();
        foreach (var certificate in certificates.OrderBy(c => c == leaf ? 0 : 1))
        {
            var file = _owned.File($"cert-{Guid.NewGuid():N}.der");
            File.WriteAllBytes(file, certificate.RawData);
            files.Add(file);
        }
        var verdict = ExternalTool.Run("vfychain", ["-d", Database, "-pp", "-u", "4", .. files]);
        return verdict.ExitCode == 0 && (verdict.StandardOutput + verdict.StandardError).Contains("Chain is good!", StringComparison.Ordinal);
    }

    public static IReadOnlyList<Signature> Parse(string text)
    {
        var starts = SignatureHeader().Matches(text).ToList();
        var signatures = new List<Signature>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            signatures.Add(new Signature(int.Parse(starts[i].Groups[1].Value), text[starts[i].Index..end]));
        }
        return signatures;
    }

    private static void Check(ExternalTool.Result result)
    {
        if (result.ExitCode != 0) throw new InvalidOperationException("certutil failed: " + result);
    }

    public void Dispose() => _owned.Dispose();

    [GeneratedRegex(@"^Signature #(\d+):", RegexOptions.Multiline)]
    private static partial Regex SignatureHeader();

    [GeneratedRegex("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----")]
    private static partial Regex PemBlock();
}
