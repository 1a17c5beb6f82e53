using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Bench;

/// <summary>
/// The recipient agency's side: open Receive streams for the whole run, each delivery acknowledged at once
/// (Acknowledge returns the ContentHandover receipt), the moment the acknowledgement returns recorded per message.
/// Acknowledgements run concurrently with reading, a bounded number per stream, as a recipient keeping up would.
/// </summary>
internal sealed class DeliveryReceiver : IAsyncDisposable
{
    private const int AcknowledgementsPerStream = 32;

    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _streams = [];
    private int _errors;
    private int _duplicates;

    /// <summary>Acknowledge or stream failures (other than this receiver being stopped).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Deliveries of a message already acknowledged (a lease that ran out before its acknowledgement): not errors, but reported.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>
    /// Opens the streams one after another before any other load: through nginx's round robin they then land on the
    /// instances in turn, so each instance has a stream that its own submissions wake at once (a message stored by one
    /// instance wakes only that instance's streams; the others find it at their next poll).
    /// </summary>
    public static DeliveryReceiver Start(Func<CallInvoker> channel, int streams)
    {
        var receiver = new DeliveryReceiver();
        for (var i = 0; i < streams; i++) receiver._streams.Add(receiver.RunStreamAsync(new Api.V1.Exchange.ExchangeClient(channel())));
        return receiver;
    }

    /// <summary>When the message's acknowledgement returned (a Stopwatch timestamp), if it has.</summary>
    public bool TryGetAcknowledged(string messageId, out long timestamp) => _acknowledged.TryGetValue(messageId, out timestamp);

    /// <summary>Acknowledgements returned between the two timestamps.</summary>
    public int AcknowledgedBetween(long from, long to) => _acknowledged.Values.Count(t => t >= from && t < to);

    /// <summary>Forgets acknowledged messages (between rounds, so memory does not grow over a soak).</summary>
    public void Forget(IEnumerable<string> messageIds)
    {
        foreach (var id in messageIds) _acknowledged.TryRemove(id, out _);
    }

    private async Task RunStreamAsync(Api.V1.Exchange.ExchangeClient exchange)
    {
        using var slots = new SemaphoreSlim(AcknowledgementsPerStream);
        var pending = new ConcurrentDictionary<Task, bool>();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var call = exchange.Receive(new ReceiveRequest(), cancellationToken: _stop.Token);
                while (await call.ResponseStream.MoveNext(_stop.Token))
                {
                    var delivery = call.ResponseStream.Current;
                    await slots.WaitAsync(_stop.Token);
                    var ack = AcknowledgeAsync(exchange, delivery, slots);
                    pending[ack] = true;
                    _ = ack.ContinueWith(t => pending.TryRemove(t, out _), TaskScheduler.Default);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException)
            {
                // The stream broke: count it, and open another after a pause, as a real recipient would.
                Interlocked.Increment(ref _errors);
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
        await Task.WhenAll(pending.Keys);
    }

    private async Task AcknowledgeAsync(Api.V1.Exchange.ExchangeClient exchange, Delivery delivery, SemaphoreSlim slots)
    {
        try
        {
            if (_acknowledged.ContainsKey(delivery.MessageId)) Interlocked.Increment(ref _duplicates);
            var response = await exchange.AcknowledgeAsync(new AcknowledgeRequest { MessageId = delivery.MessageId, DocumentSha256 = delivery.DocumentSha256 });
            if (response.Receipt is null) throw new RpcException(new Status(StatusCode.Internal, "acknowledgement without a receipt"));
            _acknowledged.TryAdd(delivery.MessageId, Stopwatch.GetTimestamp());
        }
        catch (RpcException) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _errors);
        }
        catch (RpcException)
        {
        }
        finally
        {
            slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_streams); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
