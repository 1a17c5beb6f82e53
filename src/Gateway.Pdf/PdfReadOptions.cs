namespace Gateway.Pdf;

/// <summary>Limits that keep hostile input from exhausting memory or time.</summary>
public sealed class PdfReadOptions
{
    public int MaxObjects { get; set; } = 2_000_000;

    /// <summary>
    /// Per stream and per filter stage; decoding stops at this size, so compression bombs cost little. What the reader
    /// decodes is structure (object and cross-reference streams, DSS certificates and revocation data), megabytes at
    /// most in real documents; a stream that inflates to just under the cap is allocated in full, so the cap is what
    /// one hostile stream can make a validation hold (it was 256 MiB: a 200 KB PDF made the gateway allocate 200 MiB,
    /// tests/Gateway.Integration.Tests/Hostile/HostileDocumentTests, "flate-bomb").
    /// </summary>
    public long MaxDecodedStreamBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxNestingDepth { get; set; } = 256;

    /// <summary>Rebuild the cross-reference by scanning for "N G obj" when it is broken.</summary>
    public bool AllowRecovery { get; set; } = true;
}
