using System.Text;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence.Tests;

/// <summary>
/// Schema v2 adds the receipt's evidence-log position; v1 receipts keep their bytes, parse and verify
/// as before. A golden vector pins v2 as receipt-v1.json pins v1.
/// </summary>
public sealed class ReceiptSchemaTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    internal static ReceiptContent LoggedSample() =>
        ReceiptJsonTests.Sample() with { Schema = ReceiptSchemas.V2, Log = new ReceiptLogPosition("gateway-test/evidence-log", 42) };

    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", name);

    [Fact]
    public void Serialisation_of_a_logged_receipt_matches_the_v2_golden_vector_and_reads_back()
    {
        var json = Encoding.UTF8.GetString(ReceiptJson.Serialize(LoggedSample()));
        if (Environment.GetEnvironmentVariable("GW_UPDATE_GOLDEN_V2") is { Length: > 0 } update) File.WriteAllText(update, json + "\n");
        Assert.Equal(File.ReadAllText(Golden("receipt-v2.json")).ReplaceLineEndings("\n").TrimEnd(), json.ReplaceLineEndings("\n"));

        var content = ReceiptJson.Deserialize(File.ReadAllBytes(Golden("receipt-v2.json")));
        Assert.Equal(new ReceiptLogPosition("gateway-test/evidence-log", 42), content.Log);
        Assert.Null(ReceiptSchemas.Check(content));
    }

    [Fact]
    public void The_v1_golden_vector_still_reads_as_a_valid_v1_receipt_without_a_log_position()
    {
        var content = ReceiptJson.Deserialize(File.ReadAllBytes(Golden("receipt-v1.json")));
        Assert.Equal(ReceiptSchemas.V1, content.Schema);
        Assert.Null(content.Log);
        Assert.Null(ReceiptSchemas.Check(content));
        Assert.DoesNotContain("\"log\"", Encoding.UTF8.GetString(ReceiptJson.Serialize(ReceiptJsonTests.Sample())));
    }

    [Fact]
    public async Task The_issuer_writes_v2_exactly_when_a_log_position_is_given_and_both_verify()
    {
        var logged = await pki.Issuer.IssueAsync(ReceiptJsonTests.Sample() with { Log = new ReceiptLogPosition("gateway-test/evidence-log", 7) });
        Assert.Equal(ReceiptSchemas.V2, logged.Content.Schema);
        var verdict = ReceiptVerifier.Verify(logged.Signed, pki.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        Assert.Equal(7, verdict.Content!.Log!.LeafIndex);

        var plain = await pki.Issuer.IssueAsync(ReceiptJsonTests.Sample());
        Assert.Equal(ReceiptSchemas.V1, plain.Content.Schema);
        Assert.True(ReceiptVerifier.Verify(plain.Signed, pki.Trust).Valid);
    }

    [Theory]
    [InlineData("https://gateway.example/schemas/receipt/v2", false)]
    [InlineData("https://gateway.example/schemas/receipt/v1", true)]
    [InlineData("https://gateway.example/schemas/receipt/v3", true)]
    public async Task Genuinely_sealed_content_that_breaks_its_schema_is_refused(string schema, bool withLog)
    {
        // Sealed by the real seal, so only the schema rule can refuse it.
        var content = ReceiptJsonTests.Sample() with { Schema = schema, Log = withLog ? new ReceiptLogPosition("x/log", 1) : null };
        var signer = new CadesSigner(pki.Seal, pki.Tsa);
        var signed = await signer.SignAsync(ReceiptJson.Serialize(content), encapsulate: true);
        var verdict = ReceiptVerifier.Verify(signed, pki.Trust);
        Assert.True(verdict.Signature.Valid);
        Assert.False(verdict.Valid);
        Assert.Equal("FORMAT_FAILURE", verdict.SubIndication);
    }
}
