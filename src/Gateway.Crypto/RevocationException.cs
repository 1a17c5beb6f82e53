namespace Gateway.Crypto;

/// <summary>
/// No usable revocation information could be obtained. <see cref="Reason"/> is stable and meant for machines
/// (logs, metrics, API error details); the message is for humans and names every source tried.
/// </summary>
public sealed class RevocationException : Exception
{
    /// <summary>No OCSP responder or CRL distribution point answered (connection failure, timeout, HTTP 5xx / 404, OCSP tryLater).</summary>
    public const string Unavailable = "REVOCATION_UNAVAILABLE";

    /// <summary>A source answered, but nothing it said could be used (malformed, bad signature, wrong certificate, nonce, stale).</summary>
    public const string BadResponse = "REVOCATION_BAD_RESPONSE";

    /// <summary>The certificate names neither an OCSP responder (AIA) nor an http(s) CRL distribution point.</summary>
    public const string NoSource = "REVOCATION_NO_SOURCE";

    public RevocationException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
