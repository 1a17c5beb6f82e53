using System.Formats.Asn1;
using Gateway.Pdf;
using Org.BouncyCastle.Cms;

namespace Gateway.Fuzz;

/// <summary>Where the starting corpora come from, shared by the harnesses so that each names only what it reads.</summary>
internal static class SeedSource
{
    /// <summary>Files under <paramref name="directory"/> (recursively) matching <paramref name="pattern"/>; nothing when it is absent.</summary>
    public static IEnumerable<Seed> Files(string? directory, string pattern, string prefix)
    {
        if (directory is null || !Directory.Exists(directory)) yield break;
        foreach (var file in Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return new Seed(prefix + "-" + Path.GetRelativePath(directory, file).Replace('/', '_'), File.ReadAllBytes(file));
    }

    /// <summary>The inputs the regression tests keep (tests/*/testdata/fuzz): what broke once is always replayed.</summary>
    public static IEnumerable<Seed> Regressions(string pattern) =>
        Directory.EnumerateDirectories(RepositoryFiles.Path("tests")).Order(StringComparer.Ordinal)
            .SelectMany(project => Files(Path.Combine(project, "testdata", "fuzz"), pattern, "regression-" + Path.GetFileName(project)));

    /// <summary>
    /// Every PDF we have: our own small seeds (fuzz/seeds/pdf), the reader's test files, the sample permit, the
    /// documents the material signed, the EU DSS PAdES corpus in ../shared, and the PDF regression inputs.
    /// </summary>
    public static IEnumerable<Seed> Pdfs(FuzzMaterial material) =>
        Files(RepositoryFiles.Path("fuzz", "seeds", "pdf"), "*.pdf", "own")
            .Concat(Files(RepositoryFiles.Path("tests", "Gateway.Pdf.Tests", "testdata"), "*.pdf", "reader-tests"))
            .Concat(Files(RepositoryFiles.Path("samples"), "*.pdf", "sample"))
            .Concat(material.Files(".pdf").Select(f => new Seed("signed-" + Path.GetFileName(f), File.ReadAllBytes(f))))
            .Concat(Files(RepositoryFiles.PadesCorpus(), "*.pdf", "pades"))
            .Concat(Regressions("*.pdf"));

    /// <summary>The CMS of every signature and document time-stamp in <see cref="Pdfs"/>: real signers' CAdES, PKCS#7 and RFC 3161 tokens.</summary>
    public static IEnumerable<Seed> SignaturesInPdfs(FuzzMaterial material)
    {
        foreach (var pdf in Pdfs(material))
        {
            IReadOnlyList<PdfSignatureField> fields;
            try
            {
                fields = PdfSignatureFields.Find(PdfDocument.Open(pdf.Bytes));
            }
            catch (PdfFormatException)
            {
                continue;
            }
            var n = 0;
            foreach (var field in fields)
            {
                if (field.Signature?.Get("Contents") is PdfString { Bytes: var contents } && OneValue(contents) is { } cms)
                    yield return new Seed($"{Path.GetFileNameWithoutExtension(pdf.Name)}-sig{n++}", cms);
            }
        }
    }

    /// <summary>The certificates carried by the given CMS values (real CAs' extensions, names and keys).</summary>
    public static IEnumerable<Seed> CertificatesIn(IEnumerable<Seed> signatures)
    {
        var seen = new HashSet<string>();
        foreach (var signature in signatures)
        {
            List<Org.BouncyCastle.X509.X509Certificate> certificates;
            try
            {
                certificates = new CmsSignedData(signature.Bytes).GetCertificates().EnumerateMatches(null).ToList();
            }
            catch (Exception e) when (e is not OutOfMemoryException) // a seed source, not a harness: an unreadable one is just left out
            {
                continue;
            }
            foreach (var certificate in certificates)
            {
                var der = certificate.GetEncoded();
                if (seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(der))))
                    yield return new Seed($"{signature.Name}-cert{seen.Count}", der);
            }
        }
    }

    /// <summary>A PDF's /Contents is zero-padded after the DER value: just the value, or null when it is not one.</summary>
    private static byte[]? OneValue(byte[] contents)
    {
        try
        {
            return new AsnReader(contents, AsnEncodingRules.BER).ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
