namespace Gateway.Exchange;

// The store must recognise these two events to answer replays and idempotent acks,
// so their spelling lives in one place rather than as string literals at each call site.
public static class ReceiptEvents
{
    public const string SubmissionAcceptance = "SubmissionAcceptance";
    public const string ContentHandover = "ContentHandover";
}
