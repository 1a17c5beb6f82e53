using Gateway.Crypto;
using Gateway.Evidence;

namespace Gateway.ReceiptRendering.Tests;

/// <summary>A development PKI, a receipt issued with its seal and TSA as the gateway issues them, and that receipt rendered once.</summary>
public sealed class RenderingFixture : IDisposable
{
    public RenderingFixture()
    {
        Pki = DevPki.Create(Folder.File("pki"));
        Trust = TrustStore.Load(Pki.RootsPem);
        Seal = FileSigningKey.LoadPem(Pki.SealCertificate, Pki.SealKey);
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
        Renderer = new ReceiptRenderer(Trust, Seal, Tsa);
        Receipt = new ReceiptIssuer(Seal, Tsa).IssueAsync(Content).GetAwaiter().GetResult().Signed;
        Rendered = Renderer.RenderAsync(Receipt).GetAwaiter().GetResult();
        RenderedPath = Folder.File("receipt.pdf");
        File.WriteAllBytes(RenderedPath, Rendered);
        // GW_RENDER_SAMPLE=<path> keeps a copy to look at (pdftoppm -r 150 -png), as the README suggests.
        if (Environment.GetEnvironmentVariable("GW_RENDER_SAMPLE") is { Length: > 0 } sample) File.Copy(RenderedPath, sample, overwrite: true);
    }

    public TempFolder Folder { get; } = new("gw-render");
    public DevPkiLayout Pki { get; }
    public TrustStore Trust { get; }
    public FileSigningKey Seal { get; }
    public EmbeddedTimeStampAuthority Tsa { get; }
    public ReceiptRenderer Renderer { get; }
    public byte[] Receipt { get; }
    public byte[] Rendered { get; }
    public string RenderedPath { get; }

    public const string DocumentSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// <summary>A graded, logged acceptance with a validated document signature: every section of the page has something to show.</summary>
    public static ReceiptContent Content { get; } = new()
    {
        Schema = ReceiptSchemas.V3,
        ReceiptId = "01937a4e-0000-7000-8000-00000000abcd",
        Event = ReceiptEvent.SubmissionAcceptance,
        MessageId = "01937a4e-0000-7000-8000-000000000002",
        Sender = new ReceiptParty("agency-a", new PartyCertificate("CN=agency-a, OU=Agency, O=Demonstration Agency agency-a, C=TH",
            "CN=Gateway Development Issuing CA, O=Gateway Development, C=TH", "0A1B2C", new string('c', 64))),
        Recipient = new ReceiptParty("agency-b"),
        Document = new ReceiptDocumentInfo(DocumentSha256, 81234, "application/pdf", "ใบอนุญาตที่ปี่น้ำ.pdf"),
        ServiceId = "2.16.764.1.99",
        RequestKind = "PERMIT",
        Subject = "คำขอรับใบอนุญาต",
        Methods =
        [
            new StepMethod("channel", "gateway-grpc-api", "standard", MethodBasis.Observed),
            new StepMethod("identity_proofing", "digital-id:dga", "standard", MethodBasis.Claimed),
            new StepMethod("authentication", "tls-client-certificate", "standard", MethodBasis.Observed),
            new StepMethod("supporting_documents", "email-attachment", "initial", MethodBasis.Claimed),
        ],
        DocumentSignatures =
        [
            new ValidatedSignature("TOTAL_PASSED", true, false, "S26_S28_CERTIFICATE_BASED", null, "PAdES-BASELINE-T", "CN=ผู้ลงนาม, O=agency-a",
                new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), FieldName: "Signature1"),
        ],
        Grade = new ReceiptGrade("builtin-2026.1", null, "initial", true,
        [
            new StepGrade("channel", "gateway-grpc-api", MethodBasis.Observed, "standard", null, true),
            new StepGrade("supporting_documents", "email-attachment", MethodBasis.Claimed, "initial", null, true),
        ]),
        Log = new ReceiptLogPosition("gateway-test/evidence-log", 42),
        GatewayTime = new DateTimeOffset(2026, 11, 26, 1, 2, 3, 456, TimeSpan.Zero),
        GatewayId = "gateway-test",
    };

    public void Dispose()
    {
        Seal.Dispose();
        Folder.Dispose();
    }
}
