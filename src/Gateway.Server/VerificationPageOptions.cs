namespace Gateway.Server;

/// <summary>
/// The public verification page (section "Gateway:VerificationPage"): <c>/verify</c>, where a person drops a signed
/// PDF, a receipt or a case file, and <c>/v/{id}</c>, the gateway's record of a receipt or message (the QR code target).
/// Served on the main listener, without a client certificate.
/// </summary>
public sealed class VerificationPageOptions
{
    /// <summary>False: none of the page's endpoints is mapped.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The largest upload accepted (the file itself; a multipart body may be a little larger for its headers).
    /// Larger ones are refused with 413 before they are read: an upload is held in memory, never on disk.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Uploads verified at once; a further one is refused with 503 and Retry-After. Each holds up to
    /// <see cref="MaxUploadBytes"/> of memory, and validation can wait on OCSP/CRL fetches.
    /// </summary>
    public int MaxConcurrentVerifications { get; set; } = 4;
}
