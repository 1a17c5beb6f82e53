using System.Text;
using Gateway.Evidence;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence.Tests;

/// <summary>The receipt JSON is a format third parties parse: a golden vector pins it byte for byte.</summary>
public sealed class ReceiptJsonTests
{
    internal static ReceiptContent Sample() => new()
    {
        ReceiptId = "01937a4e-0000-7000-8000-000000000001",
        Event = ReceiptEvent.SubmissionAcceptance,
        MessageId = "01937a4e-0000-7000-8000-000000000002",
        Sender = new ReceiptParty("agency-a", new PartyCertificate("CN=agency-a, OU=Agency, O=Demonstration Agency agency-a, C=TH",
            "CN=Gateway Development Issuing CA, O=Gateway Development, C=TH", "0A1B2C", new string('c', 64))),
        Recipient = new ReceiptParty("agency-b"),
        Document = new ReceiptDocumentInfo(new string('d', 64), 812, "application/pdf", "ใบอนุญาต.pdf"),
        ServiceId = "2.16.764.1.99",
        RequestKind = "PERMIT",
        Subject = "คำขอรับใบอนุญาต",
        Methods =
        [
            new StepMethod("channel", "gateway-grpc-api", "standard", MethodBasis.Observed, "gateway.v1.Exchange over TLS"),
            new StepMethod("identity", "digital-id:dga", "standard", MethodBasis.Claimed, "IAL2.3"),
            new StepMethod("authentication", "tls-client-certificate", null, MethodBasis.Observed),
        ],
        GatewayTime = new DateTimeOffset(2026, 11, 26, 1, 2, 3, 456, TimeSpan.Zero),
        GatewayId = "gateway-test",
    };

    private static string Golden => Path.Combine(AppContext.BaseDirectory, "testdata", "receipt-v1.json");

    [Fact]
    public void Serialisation_matches_the_golden_vector()
    {
        var json = Encoding.UTF8.GetString(ReceiptJson.Serialize(Sample()));
        // GW_UPDATE_GOLDEN=<path of testdata/receipt-v1.json> rewrites the vector after a deliberate format change.
        if (Environment.GetEnvironmentVariable("GW_UPDATE_GOLDEN") is { Length: > 0 } update) File.WriteAllText(update, json + "\n");
        Assert.Equal(File.ReadAllText(Golden).ReplaceLineEndings("\n").TrimEnd(), json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_golden_vector_reads_back_to_the_same_content()
    {
        var content = ReceiptJson.Deserialize(File.ReadAllBytes(Golden));
        var sample = Sample();
        Assert.Equal(sample with { Methods = [] }, content with { Methods = [] });
        Assert.Equal(sample.Methods, content.Methods);
    }

    [Fact]
    public void The_validation_of_document_signatures_round_trips()
    {
        var sample = Sample() with
        {
            DocumentSignatures =
            [
                new ValidatedSignature("TOTAL_PASSED", true, false, "S26_S28_CERTIFICATE_BASED", null, "PAdES-BASELINE-LT", "CN=ผู้ลงนาม", new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), FieldName: "Signature1"),
                new ValidatedSignature("TOTAL_FAILED", false, false, "NONE", "HASH_FAILURE"),
            ],
        };

        var json = ReceiptJson.Serialize(sample);
        var back = ReceiptJson.Deserialize(json);

        Assert.Equal(sample.DocumentSignatures, back.DocumentSignatures);
        Assert.Contains("\"documentSignatures\"", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Thai_text_is_written_as_is_and_times_are_utc_milliseconds()
    {
        var json = Encoding.UTF8.GetString(ReceiptJson.Serialize(Sample() with { GatewayTime = new DateTimeOffset(2026, 11, 26, 8, 2, 3, 456, TimeSpan.FromHours(7)) }));
        Assert.Contains("ใบอนุญาต.pdf", json);
        Assert.Contains("\"gatewayTime\": \"2026-11-26T01:02:03.456Z\"", json);
        Assert.DoesNotContain("\"rejection\"", json);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"receiptId\": 5}")]
    [InlineData("{\"receiptId\":\"x\",\"event\":\"Nonsense\",\"sender\":{\"agency\":\"a\"},\"gatewayTime\":\"2026-01-01T00:00:00Z\",\"gatewayId\":\"g\"}")]
    public void Malformed_json_is_refused(string json)
    {
        Assert.ThrowsAny<Exception>(() => ReceiptJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }
}
