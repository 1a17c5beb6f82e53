namespace Gateway.Pdf;

/// <summary>Limits that keep hostile input from exhausting memory or time.</summary>
public sealed class PdfReadOptions
{
    public int MaxObjects { get; set; } = 2_000_000;

    /// <summary>Per stream and per filter stage; decoding stops at this size, so compression bombs cost little.</summary>
    public long MaxDecodedStreamBytes { get; set; } = 256L * 1024 * 1024;

    public int MaxNestingDepth { get; set; } = 256;

    /// <summary>Rebuild the cross-reference by scanning for "N G obj" when it is broken.</summary>
    public bool AllowRecovery { get; set; } = true;
}
