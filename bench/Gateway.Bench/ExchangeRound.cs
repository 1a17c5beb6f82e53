using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Bench;

/// <summary>
/// Submissions from the sending agency (closed loop at a concurrency, or open loop at a rate) while the
/// recipient's <see cref="DeliveryReceiver"/> takes and acknowledges them; one <see cref="ExchangeResult"/> per round.
/// </summary>
internal sealed class ExchangeRound
{
    /// <summary>How long after the round its last messages may take to be acknowledged before they count as undelivered.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(60);

    private readonly Api.V1.Exchange.ExchangeClient[] _senders;
    private readonly DeliveryReceiver _receiver;
    private readonly int _size;

    /// <param name="senders">Channels submissions go out on, round robin by worker (several connections, as several clients of one agency).</param>
    public ExchangeRound(IEnumerable<CallInvoker> senders, DeliveryReceiver receiver, int size)
    {
        _senders = senders.Select(c => new Api.V1.Exchange.ExchangeClient(c)).ToArray();
        _receiver = receiver;
        _size = size;
    }

    public Task<ExchangeResult> ClosedAsync(int seconds, int concurrency) =>
        RunAsync(seconds, submit => ClosedLoop.RunAsync(seconds, concurrency, worker => submit(worker)));

    public Task<ExchangeResult> OpenAsync(double seconds, double rate)
    {
        var next = 0;
        return RunAsync(seconds, submit => OpenLoop.RunAsync(seconds, rate, () => submit(Interlocked.Increment(ref next))));
    }

    private async Task<ExchangeResult> RunAsync(double seconds, Func<Func<int, Task>, Task<Round>> load)
    {
        var submitted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var receiverErrors = _receiver.Errors;
        var started = Stopwatch.GetTimestamp();
        var submit = await load(async worker =>
        {
            var response = await _senders[worker % _senders.Length].SubmitAsync(BenchDocuments.Submit(_size));
            submitted[response.MessageId] = Stopwatch.GetTimestamp();
        });
        var ended = Stopwatch.GetTimestamp();

        var drainUntil = Stopwatch.GetTimestamp() + (long)(Drain.TotalSeconds * Stopwatch.Frequency);
        while (submitted.Keys.Any(id => !_receiver.TryGetAcknowledged(id, out _)) && Stopwatch.GetTimestamp() < drainUntil)
            await Task.Delay(50);

        var latencies = new List<double>();
        var undelivered = 0;
        foreach (var (id, returned) in submitted)
        {
            if (_receiver.TryGetAcknowledged(id, out var acknowledged))
                // A delivery can overtake the Submit response on its way back to us: that is no delay at all.
                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(returned, acknowledged).TotalMilliseconds));
            else
                undelivered++;
        }
        var window = Stopwatch.GetElapsedTime(started, ended).TotalSeconds;
        var sorted = latencies.Order().ToArray();
        var delivery = new Round(_receiver.AcknowledgedBetween(started, ended) / window, Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99),
            undelivered + (_receiver.Errors - receiverErrors));
        _receiver.Forget(submitted.Keys);
        return new ExchangeResult(submit, delivery, undelivered);
    }
}
