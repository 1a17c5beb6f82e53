namespace Gateway.Crypto;

/// <summary>
/// A time-stamp could not be obtained. <see cref="Reason"/> is stable and meant for machines
/// (logs, metrics, API error details); the message is for humans.
/// </summary>
public sealed class TimeStampException : Exception
{
    /// <summary>The TSA could not be reached (connection failure, timeout, HTTP 5xx).</summary>
    public const string Unreachable = "TSA_UNREACHABLE";

    /// <summary>The TSA answered with a PKIStatus other than granted / grantedWithMods.</summary>
    public const string Rejected = "TSA_REJECTED";

    /// <summary>The TSA's answer is malformed or does not match the request (imprint, nonce, signature).</summary>
    public const string BadResponse = "TSA_BAD_RESPONSE";

    public TimeStampException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
