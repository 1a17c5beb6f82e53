namespace Gateway.Exchange;

public sealed record SubmissionResult(MessageRecord Message, ReceiptRecord Receipt, bool Replayed);
