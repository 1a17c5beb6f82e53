namespace Gateway.Server;

/// <summary>
/// Metrics, traces and health endpoints (section "Gateway:Observability"). Metrics are always kept (in
/// memory, for scraping); traces are exported only when an OTLP endpoint is configured.
/// </summary>
public sealed class ObservabilityOptions
{
    /// <summary>
    /// A separate plaintext HTTP/1.1 listener for <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, e.g.
    /// <c>http://127.0.0.1:9464</c> (what a Prometheus scraper expects: no TLS client certificate, no HTTP/2
    /// prior knowledge). Empty: they are served on the main listener instead (HTTPS with HTTP/1.1 or HTTP/2;
    /// in the insecure development mode plaintext HTTP/2 only, e.g. <c>curl --http2-prior-knowledge</c>).
    /// When set, the main listener does not serve them.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>
    /// Where traces (and metrics) are pushed over OTLP. Empty: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// environment variable decides; with neither, traces are not collected at all (no cost).
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often the unacknowledged-message count is read from the database for the queue gauge.</summary>
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a database or key-store readiness result is reused, so that probes cannot load either.</summary>
    public TimeSpan ReadinessCacheTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a TSA readiness result is reused: at most one time-stamp request per this interval.</summary>
    public TimeSpan TsaCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
