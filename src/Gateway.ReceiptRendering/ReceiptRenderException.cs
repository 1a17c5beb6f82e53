namespace Gateway.ReceiptRendering;

/// <summary>
/// A receipt that is not rendered, with a stable reason: <see cref="InvalidReceipt"/> (the receipt does not verify
/// against the trust anchors: a page must never lend an invalid receipt the look of a valid one), or
/// <see cref="FontUnavailable"/> (the Thai font cannot be read).
/// </summary>
public sealed class ReceiptRenderException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string InvalidReceipt = "RECEIPT_INVALID";
    public const string FontUnavailable = "FONT_UNAVAILABLE";
    public const string VerificationUrlTooLong = "VERIFICATION_URL_TOO_LONG";

    public string Reason { get; } = reason;
}
