using System.Diagnostics;

namespace Gateway.Bench;

/// <summary>
/// Closed loop: a fixed number of workers, each issuing its next call when the previous one returns. Finds the
/// peak rate; its latencies are those of a saturated server (queueing included), not of one at a given load.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<Round> RunAsync(int seconds, int concurrency, Func<int, Task> call)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>();
            while (stop.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(worker);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return Round.From(latencies.SelectMany(l => l), stop.Elapsed.TotalSeconds, errors);
    }
}
