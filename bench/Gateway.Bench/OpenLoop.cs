using System.Diagnostics;

namespace Gateway.Bench;

/// <summary>
/// Open loop: calls start on a fixed schedule (rate per second) whether or not earlier ones have returned, as
/// independent clients would. Latency counts from the scheduled start, so a stalled server shows in the
/// percentiles instead of silently slowing the generator down (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    /// <summary>Calls in flight beyond which the server is clearly not keeping up: further calls count as errors rather than piling up in memory.</summary>
    private const int MaxInFlight = 5000;

    public static async Task<Round> RunAsync(double seconds, double rate, Func<Task> call)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var inFlight = 0;
        var calls = new List<Task>();
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        var total = (long)Math.Round(seconds * rate);
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            // Timers fire at about millisecond granularity: sleep only for waits worth it, issue the rest as a burst.
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                Interlocked.Increment(ref errors);
                continue;
            }
            var scheduled = origin + (long)(due.TotalSeconds * Stopwatch.Frequency);
            Interlocked.Increment(ref inFlight);
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await call();
                    latencies.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }
        await Task.WhenAll(calls);
        // Over the schedule, or until the last call returned if that was later: a server that falls behind then
        // shows a rate below the offered one instead of the offered rate with long latencies only.
        return Round.From(latencies, Math.Max(seconds, clock.Elapsed.TotalSeconds), errors);
    }
}
