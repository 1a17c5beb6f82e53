namespace Gateway.Bench;

/// <summary>One measured interval: completed calls per second, latency percentiles (ms), failed calls.</summary>
internal sealed record Round(double PerSecond, double P50, double P99, int Errors)
{
    public static Round From(IEnumerable<double> latencies, double seconds, int errors)
    {
        var sorted = latencies.Order().ToArray();
        return new Round(sorted.Length / seconds, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), errors);
    }

    public override string ToString() => $"{PerSecond:F0}/s p50 {P50:F2} ms p99 {P99:F2} ms{(Errors > 0 ? $" errors {Errors}" : "")}";
}
