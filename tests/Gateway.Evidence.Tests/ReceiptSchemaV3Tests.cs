using System.Text;
using System.Text.Json.Nodes;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence.Tests;

/// <summary>
/// Schema v3 adds the graded case: per step the method, observed or claimed, its level and evidence, the overall level,
/// and the catalogue (and policy) version. A golden vector pins it; v1 and v2 keep verifying.
/// </summary>
public sealed class ReceiptSchemaV3Tests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    internal static ReceiptContent GradedSample()
    {
        StepMethod[] methods =
        [
            new("channel", "gateway-grpc-api", "standard", MethodBasis.Observed, "gateway.v1.Exchange over TLS"),
            new("authentication", "tls-client-certificate", "standard", MethodBasis.Observed, "issuer: CN=Gateway Development Issuing CA",
                new MethodEvidence(CertificateSha256: new string('c', 64), CertificateIssuer: "CN=Gateway Development Issuing CA, O=Gateway Development, C=TH")),
            new("identity_proofing", "digital-id:dga", "standard", MethodBasis.Claimed, "IAL2.3"),
            new("signature", "s9-electronic-signature", "initial", MethodBasis.Observed, "Signature1: TOTAL_PASSED, S9_ELECTRONIC_SIGNATURE",
                new MethodEvidence(Indication: "TOTAL_PASSED", LegalTier: "S9_ELECTRONIC_SIGNATURE", Signer: "CN=ผู้ลงนาม")),
            new("timestamp", "rfc3161-tsa", "standard", MethodBasis.Observed, "receipt time-stamped by embedded TSA", new MethodEvidence(TimeStampAuthority: "embedded TSA")),
        ];
        var policy = new ServicePolicy("2.16.764.1.99", null, new Dictionary<string, string> { ["signature"] = "initial", ["identity_proofing"] = "standard" });
        var grade = MethodGrader.Grade(MethodCatalogue.Default, methods, policy, "policy-1");
        return ReceiptSchemaTests.LoggedSample() with { Schema = ReceiptSchemas.V3, Methods = methods, Grade = ReceiptGrade.From(grade) with { CatalogueVersion = "builtin-2026.1" } };
    }

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", name);

    [Fact]
    public void Serialisation_of_a_graded_receipt_matches_the_v3_golden_vector_and_reads_back()
    {
        var json = Encoding.UTF8.GetString(ReceiptJson.Serialize(GradedSample()));
        if (Environment.GetEnvironmentVariable("GW_UPDATE_GOLDEN_V3") is { Length: > 0 } update) File.WriteAllText(update, json + "\n");
        Assert.Equal(File.ReadAllText(Golden("receipt-v3.json")).ReplaceLineEndings("\n").TrimEnd(), json.ReplaceLineEndings("\n"));

        var content = ReceiptJson.Deserialize(File.ReadAllBytes(Golden("receipt-v3.json")));
        Assert.Null(ReceiptSchemas.Check(content));
        Assert.Equal("builtin-2026.1", content.Grade!.CatalogueVersion);
        Assert.Equal("initial", content.Grade.Level);
        Assert.True(content.Grade.Met);
        Assert.Equal(GradedSample().Grade!.Steps, content.Grade.Steps);
        Assert.Equal(GradedSample().Methods, content.Methods);

        var node = JsonNode.Parse(json)!;
        var identity = node["grade"]!["steps"]!.AsArray().Single(s => (string?)s!["step"] == "identity_proofing")!;
        Assert.Equal("Claimed", (string?)identity["basis"]);
        Assert.Equal(new string('c', 64), (string?)node["methods"]![1]!["evidence"]!["certificateSha256"]);
    }

    [Fact]
    public async Task The_issuer_writes_v3_whenever_a_grade_is_given_and_v1_and_v2_still_verify()
    {
        var graded = await pki.Issuer.IssueAsync(GradedSample() with { Schema = ReceiptSchemas.V1, Log = null });
        Assert.Equal(ReceiptSchemas.V3, graded.Content.Schema);
        var verdict = ReceiptVerifier.Verify(graded.Signed, pki.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        Assert.Equal("builtin-2026.1", verdict.Content!.Grade!.CatalogueVersion);

        Assert.Equal(ReceiptSchemas.V2, (await pki.Issuer.IssueAsync(ReceiptSchemaTests.LoggedSample() with { Schema = ReceiptSchemas.V1 })).Content.Schema);
        foreach (var name in new[] { "receipt-v1.json", "receipt-v2.json" })
        {
            var old = ReceiptJson.Deserialize(File.ReadAllBytes(Golden(name)));
            Assert.Null(old.Grade);
            Assert.Null(ReceiptSchemas.Check(old));
            Assert.True(ReceiptVerifier.Verify((await pki.Issuer.IssueAsync(old)).Signed, pki.Trust).Valid);
        }
    }

    [Theory]
    [InlineData("https://gateway.example/schemas/receipt/v3", false)]
    [InlineData("https://gateway.example/schemas/receipt/v2", true)]
    [InlineData("https://gateway.example/schemas/receipt/v1", true)]
    public async Task Sealed_content_whose_grade_breaks_its_schema_is_refused(string schema, bool withGrade)
    {
        var content = GradedSample() with { Schema = schema, Grade = withGrade ? GradedSample().Grade : null };
        var signed = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(ReceiptJson.Serialize(content), encapsulate: true);
        var verdict = ReceiptVerifier.Verify(signed, pki.Trust);
        Assert.True(verdict.Signature.Valid);
        Assert.False(verdict.Valid);
        Assert.Equal("FORMAT_FAILURE", verdict.SubIndication);
    }

    [Fact]
    public void The_published_receipt_schema_names_all_three_versions()
    {
        var schema = File.ReadAllText(Path.Combine(MethodCatalogueTests.RepoRoot(), "schemas", "receipt.schema.json"));
        foreach (var id in new[] { ReceiptSchemas.V1, ReceiptSchemas.V2, ReceiptSchemas.V3 }) Assert.Contains(id, schema);
        JsonNode.Parse(schema);
    }
}
