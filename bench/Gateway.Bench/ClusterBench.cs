using System.Globalization;

namespace Gateway.Bench;

/// <summary>
/// `cluster`: Submit and receive through one and through two instances on one PostgreSQL behind nginx (both
/// through nginx, so the comparison differs only in the instance count), the same concurrency for both.
/// <list type="bullet">
/// <item>default: closed-loop rounds; a table of medians with the two-to-one ratios;</item>
/// <item>`--at F`: the peak (closed loop) first, then open-loop rounds at F × peak; `--rate R`: open loop at R per second.
/// Reports latency at that load against the goal (Submit p99 ≤ 20 ms).</item>
/// </list>
/// Options: --instances 1,2  --seconds 10  --rounds 3  --concurrency 16  --warm-up 10 (seconds, dropped)  --store postgres|sqlite  --size 4096  --gw bin/gw.
/// Exit code 1 when any call failed or any message was not delivered and acknowledged.
/// </summary>
internal static class ClusterBench
{
    private const double GoalP99Milliseconds = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var counts = CommandLine.Ints(args, "--instances", [1, 2]);
        var seconds = CommandLine.Int(args, "--seconds", 10);
        var rounds = CommandLine.Int(args, "--rounds", 3);
        var concurrency = CommandLine.Int(args, "--concurrency", 16);
        var store = CommandLine.Text(args, "--store") ?? "postgres";
        var at = CommandLine.Double(args, "--at");
        var rate = CommandLine.Double(args, "--rate");
        var openLoop = at is not null || rate is not null;

        Console.WriteLine($"{Environment.ProcessorCount} cores shared by this generator, the gateway(s), PostgreSQL and nginx; {concurrency} concurrent Submit calls, "
                          + $"{rounds} × {seconds} s rounds, {CommandLine.Int(args, "--size", 4096)}-byte documents");
        var closed = new List<(string Label, List<ExchangeResult> Rounds)>();
        var open = new List<(string Label, double Peak, double Rate, List<ExchangeResult> Rounds)>();
        foreach (var count in counts)
        {
            await using var session = await LoadSession.StartAsync(args, store, count);
            var label = $"{count} instance{(count == 1 ? "" : "s")}";
            Console.WriteLine($"{session.Deployment.Description}: {session.Deployment.Address}; load average {LoadAverage.OneMinute()}");
            await session.WarmUpAsync(CommandLine.Int(args, "--warm-up", 10), concurrency);
            if (!openLoop)
            {
                closed.Add((label, (await session.PeakAsync(rounds, seconds, concurrency, label)).Rounds));
                continue;
            }
            var peak = double.NaN;
            if (at is not null) peak = (await session.PeakAsync(rounds, seconds, concurrency, label)).Peak;
            var target = rate ?? at!.Value * peak;
            var results = new List<ExchangeResult>();
            for (var i = 1; i <= rounds; i++)
            {
                results.Add(await session.Round.OpenAsync(seconds, target));
                Console.WriteLine($"{label} open loop at {target:F0}/s round {i}: {results[^1]}");
            }
            open.Add((label, peak, target, results));
        }

        Console.WriteLine();
        Console.WriteLine(store == "postgres" ? "All through nginx, instances on one PostgreSQL." : "One TLS instance on SQLite, direct.");
        if (closed.Count > 0) PrintComparison(closed);
        if (open.Count > 0) PrintOpenLoop(open, at);
        var errors = closed.SelectMany(c => c.Rounds).Concat(open.SelectMany(o => o.Rounds)).Sum(r => r.Errors);
        Console.WriteLine($"errors: {errors}; load average at the end {LoadAverage.OneMinute()} on {Environment.ProcessorCount} cores");
        return errors == 0 ? 0 : 1;
    }

    private static void PrintComparison(List<(string Label, List<ExchangeResult> Rounds)> runs)
    {
        (string Name, Func<ExchangeResult, double> Value, string Format)[] rows =
        [
            ("Submit calls/s", r => r.Submit.PerSecond, "F0"),
            ("Submit p50 (ms)", r => r.Submit.P50, "F2"),
            ("Submit p99 (ms)", r => r.Submit.P99, "F2"),
            ("Deliveries acknowledged/s", r => r.Delivery.PerSecond, "F0"),
            ("Delivery p50 (ms, Submit returned → Acknowledge returned)", r => r.Delivery.P50, "F2"),
            ("Delivery p99 (ms)", r => r.Delivery.P99, "F2"),
        ];
        var ratio = runs.Count == 2;
        Console.WriteLine($"| median of {runs[0].Rounds.Count} rounds | {string.Join(" | ", runs.Select(r => r.Label))} |{(ratio ? " ratio (2nd ÷ 1st) |" : "")}");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---:|"))}{(ratio ? "---:|" : "")}");
        foreach (var (name, value, format) in rows)
        {
            var medians = runs.Select(r => Stats.Median(r.Rounds.Select(value))).ToArray();
            Console.WriteLine($"| {name} | {string.Join(" | ", medians.Select(m => m.ToString(format, CultureInfo.InvariantCulture)))} |"
                              + (ratio ? $" {(medians[1] / medians[0]).ToString("F2", CultureInfo.InvariantCulture)} |" : ""));
        }
        Console.WriteLine($"| errors (all rounds) | {string.Join(" | ", runs.Select(r => r.Rounds.Sum(x => x.Errors)))} |{(ratio ? " |" : "")}");
    }

    private static void PrintOpenLoop(List<(string Label, double Peak, double Rate, List<ExchangeResult> Rounds)> runs, double? at)
    {
        Console.WriteLine($"| deployment | peak Submit/s (closed loop) | offered rate{(at is null ? "" : $" ({at:P0} of peak)")} | achieved Submit/s | Submit p50 (ms) | Submit p99 (ms) | Delivery p50 (ms) | Delivery p99 (ms) | errors | p99 ≤ {GoalP99Milliseconds} ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (label, peak, rate, rounds) in runs)
        {
            // The worst round's p99 decides the goal: a median could hide one bad round.
            var worstP99 = rounds.Max(r => r.Submit.P99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {(double.IsNaN(peak) ? "—" : peak.ToString("F0", CultureInfo.InvariantCulture))} | {rate:F0} | {Stats.Median(rounds.Select(r => r.Submit.PerSecond)):F0} | {Stats.Median(rounds.Select(r => r.Submit.P50)):F2} | {Stats.Median(rounds.Select(r => r.Submit.P99)):F2} (worst {worstP99:F2}) | {Stats.Median(rounds.Select(r => r.Delivery.P50)):F2} | {Stats.Median(rounds.Select(r => r.Delivery.P99)):F2} | {rounds.Sum(r => r.Errors)} | {(worstP99 <= GoalP99Milliseconds ? "met" : "not met")} |"));
        }
    }
}
