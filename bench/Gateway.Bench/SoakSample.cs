namespace Gateway.Bench;

/// <summary>One soak interval: when it ended, the gateway processes' resident memory (summed), their managed heap if /metrics exports it, and the interval's exchange.</summary>
internal sealed record SoakSample(TimeSpan Elapsed, long ResidentBytes, long? ManagedHeapBytes, ExchangeResult Exchange, int ErrorsSoFar);
