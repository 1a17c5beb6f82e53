using System.Globalization;
using System.Text;

namespace Gateway.Bench;

/// <summary>
/// `soak`: the peak first (closed loop), then Submit at a fraction of it (open loop, default 70 %) for many
/// minutes while the recipient receives and acknowledges, sampling every interval (30 s) the gateway's resident
/// memory (/proc/PID/status VmRSS), its managed heap when /metrics exports one, errors so far, and the interval's
/// throughput and p99. Writes a markdown table over time and a summary (min/max/first/last RSS, drift of the last
/// sample against the median of the first three after warm-up, total errors) to stdout and `--out`.
/// Options: --soak-minutes 30  --at 0.7  --interval 30  --warm-up-samples 2  --out FILE  --store sqlite|postgres
/// (default sqlite: the default deployment, one TLS instance)  --instances N (implies postgres)  --concurrency 16
/// --seconds 10 --rounds 3 (the peak measurement)  --warm-up 10  --size 4096  --gw bin/gw.
/// Exit code 1 on any error, or when the memory drift leaves ±10 %.
/// </summary>
internal static class SoakBench
{
    private const double DriftLimitPercent = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = CommandLine.Double(args, "--soak-minutes") ?? 30;
        var at = CommandLine.Double(args, "--at") ?? 0.7;
        var interval = CommandLine.Int(args, "--interval", 30);
        var warmUpSamples = CommandLine.Int(args, "--warm-up-samples", 2);
        var concurrency = CommandLine.Int(args, "--concurrency", 16);
        var instances = CommandLine.Int(args, "--instances", 1);
        var store = CommandLine.Text(args, "--store") ?? (CommandLine.Text(args, "--instances") is null ? "sqlite" : "postgres");
        var output = CommandLine.Text(args, "--out");

        await using var session = await LoadSession.StartAsync(args, store, instances);
        var label = session.Deployment.Description;
        Console.WriteLine($"{label}: {session.Deployment.Address}; {Environment.ProcessorCount} cores shared by this generator and everything it started");
        await session.WarmUpAsync(CommandLine.Int(args, "--warm-up", 10), concurrency);
        var (_, peak) = await session.PeakAsync(CommandLine.Int(args, "--rounds", 3), CommandLine.Int(args, "--seconds", 10), concurrency, label);
        var rate = at * peak;
        Console.WriteLine($"peak {peak:F0} Submit/s; soak at {at:P0} = {rate:F0}/s for {minutes} min, a sample every {interval} s");

        var samples = new List<SoakSample>();
        var startedAt = DateTime.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var errors = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            var exchange = await session.Round.OpenAsync(interval, rate);
            errors += exchange.Errors;
            long resident = 0;
            long? heap = null;
            foreach (var instance in session.Deployment.Instances)
            {
                resident += ProcessMemory.ResidentBytes(instance.ProcessId) ?? 0;
                if (await session.Deployment.ManagedHeapAsync(instance) is { } bytes) heap = (heap ?? 0) + bytes;
            }
            samples.Add(new SoakSample(clock.Elapsed, resident, heap, exchange, errors, LoadAverage.OneMinute()));
            Console.WriteLine(Row(samples[^1]));
            if (session.Deployment.Instances.Any(i => !i.Running))
            {
                Console.WriteLine("a gateway process exited: soak stopped");
                errors++;
                break;
            }
        }

        var heapNote = samples.Any(s => s.ManagedHeapBytes is not null) ? null
            : session.Deployment.MetricsReachable == true
                ? "Managed heap: /metrics answered but exports no .NET runtime heap gauge (the gateway registers its own, ASP.NET Core and Kestrel meters only); RSS is the measure."
                : "Managed heap: /metrics did not answer; RSS is the measure.";
        var report = Report(label, startedAt, peak, at, rate, interval, warmUpSamples, samples, errors, heapNote, out var drift);
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is not null) await File.WriteAllTextAsync(output, report);
        return errors == 0 && Math.Abs(drift) <= DriftLimitPercent ? 0 : 1;
    }

    private static string Report(string label, DateTime startedAt, double peak, double at, double rate, int interval, int warmUpSamples, List<SoakSample> samples, int errors, string? heapNote, out double drift)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Soak: {label}; {Environment.ProcessorCount} cores shared by the generator and the gateway; peak {peak:F0} Submit/s (closed loop), "
                                 + $"offered {rate:F0}/s ({at:P0}); {samples.Count} samples of {interval} s; started {startedAt:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("| t (min) | RSS (MiB) | managed heap (MiB) | Submit/s | Submit p99 (ms) | delivered/s | delivery p99 (ms) | errors so far | load avg (1 min) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var sample in samples) text.AppendLine(Row(sample));
        text.AppendLine();
        drift = double.NaN;
        if (samples.Count > 0)
        {
            // Warm-up samples are left out of the baseline: the GC sizes its heaps to the load in the first minute or so.
            var steady = samples.Skip(Math.Min(warmUpSamples, samples.Count - 1)).ToList();
            var baseline = Stats.Median(steady.Take(3).Select(s => (double)s.ResidentBytes));
            drift = (samples[^1].ResidentBytes - baseline) / baseline * 100;
            var widest = steady.Max(s => Math.Abs(s.ResidentBytes - baseline) / baseline * 100);
            text.AppendLine(culture, $"RSS: first {Mib(samples[0].ResidentBytes)} MiB, min {Mib(samples.Min(s => s.ResidentBytes))} MiB, max {Mib(samples.Max(s => s.ResidentBytes))} MiB, "
                                     + $"last {Mib(samples[^1].ResidentBytes)} MiB; baseline (median of the first 3 samples after {warmUpSamples} warm-up samples) {Mib((long)baseline)} MiB; "
                                     + $"drift (last vs baseline) {drift:+0.0;-0.0;0.0} %; widest deviation after warm-up {widest:F1} % (goal ±{DriftLimitPercent} %: {(widest <= DriftLimitPercent ? "met" : "not met")})");
        }
        if (heapNote is not null) text.AppendLine(heapNote);
        text.AppendLine(culture, $"Errors: {errors} (goal 0: {(errors == 0 ? "met" : "not met")}); about {samples.Sum(s => s.Exchange.Submit.PerSecond * interval):F0} submissions in the soak");
        return text.ToString();
    }

    private static string Row(SoakSample s) => string.Create(CultureInfo.InvariantCulture,
        $"| {s.Elapsed.TotalMinutes:F1} | {Mib(s.ResidentBytes)} | {(s.ManagedHeapBytes is { } heap ? Mib(heap) : "—")} | {s.Exchange.Submit.PerSecond:F0} | {s.Exchange.Submit.P99:F2} | "
        + $"{s.Exchange.Delivery.PerSecond:F0} | {s.Exchange.Delivery.P99:F2} | {s.ErrorsSoFar} | {s.LoadAverage} |");

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
