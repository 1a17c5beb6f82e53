using Gateway.Evidence;

namespace Gateway.Bench;

/// <summary>The receipt the code-path benchmarks seal: a SubmissionAcceptance for a 4 KiB permit, fresh ids each time.</summary>
internal static class BenchReceipt
{
    public static ReceiptContent Content() => new()
    {
        ReceiptId = ReceiptIssuer.NewId(),
        Event = ReceiptEvent.SubmissionAcceptance,
        MessageId = ReceiptIssuer.NewId(),
        Sender = new ReceiptParty("agency-a"),
        Recipient = new ReceiptParty("agency-b"),
        Document = new ReceiptDocumentInfo(new string('a', 64), 4096, "application/pdf", "permit.pdf"),
        GatewayTime = DateTimeOffset.UtcNow,
        GatewayId = "bench",
    };
}
