using Xunit.Abstractions;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Pkix;

namespace Gateway.Validation.Tests;

/// <summary>
/// Our validator over the 40 PDFs of EU DSS's test suite (../shared/corpus/pades) must agree with what DSS asserts
/// for each: number of signatures, integrity, changes after signing and level. Like DSS's tests it runs without
/// these documents' trust anchors and offline, so chain-dependent indications are not compared. The manifest's
/// "modified" is DSS's notion (any change but signatures, time-stamps and validation data), which is our
/// contentChangedAfterSigning; per-signature lists are in DSS's order, newest signature first.
/// </summary>
public sealed partial class CorpusConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// Where DSS's test passes the document's own CA as a trust anchor (the manifest's notes say which) and an
    /// asserted fact depends on it: an eIDAS trusted list names the issuing CA, which then needs no revocation data.
    /// </summary>
    private static readonly Dictionary<string, string> TrustedIssuingCa = new()
    {
        ["pades-lt-extended-dss.pdf"] = "CN=LuxTrust Global Qualified CA 3",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var corpus = Corpus();
        if (corpus is null) return data;
        foreach (var entry in Manifest(corpus)) data.Add((string)entry["file"]!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Agrees_with_EU_DSS(string file)
    {
        var corpus = Corpus()!;
        var entry = Manifest(corpus).Single(e => (string)e["file"]! == file);
        var expected = entry["expected"]!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(corpus, file));
        var anchors = TrustedIssuingCa.TryGetValue(file, out var subject)
            ? new Internal.PdfContext(Pdf.PdfDocument.Open(bytes)).AllDss.Certificates.Where(c => c.Subject.StartsWith(subject, StringComparison.Ordinal)).ToList()
            : [];
        var validator = new DocumentValidator(new CertificateValidator(Crypto.TrustStore.FromCertificates(anchors), null, new CertificateValidatorOptions { FetchRevocation = false }));

        var report = await validator.ValidatePdfAsync(bytes);
        output.WriteLine(ValidationReportJson.Serialize(ValidationReportJson.ToJson(report, file)));
        var newestFirst = report.Signatures.Reverse().ToList();

        if (entry["signatures"] is JsonValue count) Assert.Equal((int)count, report.Signatures.Count);
        if ((string?)expected["indication"] == "NO_SIGNATURE_FOUND") Assert.Equal("NO_SIGNATURE_FOUND", report.Summary);

        switch (expected["integrity"])
        {
            case JsonArray list:
                Assert.Equal(list.Select(v => (bool)v!).ToList(), newestFirst.Select(s => s.Integrity).ToList());
                break;
            case JsonValue value when value.TryGetValue<bool>(out var all):
                Assert.NotEmpty(report.Signatures);
                Assert.All(report.Signatures, s => Assert.Equal(all, s.Integrity));
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                // "first: false, second: true"
                var words = FirstSecond().Match(text);
                Assert.True(words.Success, text);
                Assert.Equal(bool.Parse(words.Groups[1].Value), newestFirst[0].Integrity);
                Assert.Equal(bool.Parse(words.Groups[2].Value), newestFirst[1].Integrity);
                break;
        }

        if (expected["modified_after_signing"] is JsonValue modified && report.Signatures.Count > 0)
            Assert.Equal((bool)modified, report.Signatures.Any(s => s.ContentChangedAfterSigning));

        if ((string?)expected["level"] is { } level) CheckLevel(level, newestFirst.Select(s => s.Level!).ToList());
    }

    private static void CheckLevel(string expected, List<string> levels)
    {
        if (expected.StartsWith("mixed:", StringComparison.Ordinal))
        {
            foreach (Match m in AtLeast().Matches(expected))
                Assert.True(levels.Count(l => l == m.Groups[2].Value) >= int.Parse(m.Groups[1].Value), $"{expected}: {string.Join(", ", levels)}");
        }
        else if (Counted().Matches(expected) is { Count: > 0 } counted)
        {
            foreach (Match m in counted)
                Assert.Equal(int.Parse(m.Groups[1].Value), levels.Count(l => l == m.Groups[2].Value));
        }
        else if (expected == "PKCS7 (both)")
        {
            Assert.All(levels, l => Assert.StartsWith("PKCS7", l, StringComparison.Ordinal));
        }
        else
        {
            Assert.All(levels, l => Assert.Equal(expected, l));
        }
    }

    private static string? Corpus() => RepositoryPaths.PadesCorpus();

    private static IEnumerable<JsonNode> Manifest(string corpus) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "manifest.json")))!.AsArray().Select(n => n!);

    [GeneratedRegex(@"first:\s*(true|false),\s*second:\s*(true|false)")]
    private static partial Regex FirstSecond();

    [GeneratedRegex(@">=(\d+)\s+(\S+)")]
    private static partial Regex AtLeast();

    [GeneratedRegex(@"(\d+)x\s+(\S+)")]
    private static partial Regex Counted();
}
