namespace Gateway.Exchange.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset BaseTime = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(7));

    public static MessageRecord Message(string sender = "agency-a", string key = "key-1", string recipient = "agency-b", string? id = null) => new()
    {
        MessageId = id ?? Guid.NewGuid().ToString("N"),
        SenderAgency = sender,
        RecipientAgency = recipient,
        IdempotencyKey = key,
        DocumentSha256 = new string('a', 64),
        DocumentSize = 1234,
        MediaType = "application/pdf",
        FileName = "หนังสือ.pdf",
        ServiceId = "svc",
        RequestKind = 2,
        Subject = "เรื่องทดสอบ",
        SubmittedAt = BaseTime,
    };

    public static ReceiptRecord Acceptance(MessageRecord message) =>
        Receipt(message.MessageId, ReceiptEvents.SubmissionAcceptance, message.SubmittedAt);

    public static ReceiptRecord Handover(string messageId, int minutesLater = 5) =>
        Receipt(messageId, ReceiptEvents.ContentHandover, BaseTime.AddMinutes(minutesLater));

    private static ReceiptRecord Receipt(string messageId, string receiptEvent, DateTimeOffset issuedAt) => new()
    {
        ReceiptId = Guid.NewGuid().ToString("N"),
        MessageId = messageId,
        Event = receiptEvent,
        IssuedAt = issuedAt,
        Signed = Guid.NewGuid().ToByteArray(),
    };
}
