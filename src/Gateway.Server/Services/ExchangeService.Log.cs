using Microsoft.Extensions.Logging;

namespace Gateway.Server.Services;

internal sealed partial class ExchangeService
{
    private static partial class Log
    {
        // Scopes: every line logged inside the call (this service's, the exchange's, the store's) carries these
        // as properties. A submission has no message id until it is stored, so its scope names the parties and
        // the idempotency key, and its closing line the message and receipt ids.
        private static readonly Func<ILogger, string, IDisposable?> MessageScope =
            LoggerMessage.DefineScope<string>("MessageId:{MessageId}");

        private static readonly Func<ILogger, string, string, string, IDisposable?> SubmissionScope =
            LoggerMessage.DefineScope<string, string, string>("SenderAgency:{SenderAgency} RecipientAgency:{RecipientAgency} IdempotencyKey:{IdempotencyKey}");

        public static IDisposable? BeginMessage(ILogger logger, string messageId) => MessageScope(logger, messageId);

        public static IDisposable? BeginSubmission(ILogger logger, string sender, string recipient, string idempotencyKey) =>
            SubmissionScope(logger, sender, recipient, idempotencyKey);

        [LoggerMessage(1, LogLevel.Information, "message {MessageId} from {SenderAgency} to {RecipientAgency} accepted with receipt {ReceiptId} (replayed: {Replayed})")]
        public static partial void Submitted(ILogger logger, string messageId, string senderAgency, string recipientAgency, string receiptId, bool replayed);

        [LoggerMessage(2, LogLevel.Information, "message {MessageId} acknowledged by {RecipientAgency} with receipt {ReceiptId}")]
        public static partial void Acknowledged(ILogger logger, string messageId, string recipientAgency, string receiptId);
    }
}
