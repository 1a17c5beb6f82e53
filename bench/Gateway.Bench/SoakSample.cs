namespace Gateway.Bench;

/// <summary>One soak interval: when it ended, the gateway processes' resident memory (summed), their managed heap if /metrics exports it, the interval's exchange, and the machine's load average.</summary>
internal sealed record SoakSample(TimeSpan Elapsed, long ResidentBytes, long? ManagedHeapBytes, ExchangeResult Exchange, int ErrorsSoFar, string LoadAverage);
