namespace Gateway.Server;

/// <summary>
/// Per-agency back-pressure (section "Gateway:Limits"), enforced after authentication and before a call does
/// any work, so that a refused call stores nothing. Size limits are the exchange's (Gateway:Exchange:MaxUnaryBytes,
/// MaxDocumentBytes), because an oversized document still gets a rejection receipt.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>
    /// Streaming calls (SubmitStream, Receive, FetchContent, ...) one agency may have open at once. An open
    /// stream holds a connection slot and buffers, and an inbox stream can stay open for hours. 0: no limit.
    /// </summary>
    public int MaxConcurrentStreamsPerAgency { get; set; } = 16;

    /// <summary>Sustained calls per second per agency (a token bucket refilled at this rate). Fractions allowed; 0: no limit.</summary>
    public double RequestsPerSecondPerAgency { get; set; } = 500;

    /// <summary>
    /// How long a client stream (SubmitStream, SignPdfStream) may go without sending its next message before the gateway
    /// ends it with STREAM_IDLE, freeing its stream slot and temporary file. Zero or less: never.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Calls an idle agency may make at once before the rate applies (the bucket's size); at least 1.</summary>
    public int BurstPerAgency { get; set; } = 1000;
}
