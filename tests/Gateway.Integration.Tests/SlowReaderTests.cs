using Gateway.Api.V1;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>Runs alone: it measures the process's managed memory, which tests running beside it would disturb.</summary>
[CollectionDefinition(nameof(SlowReaderTests), DisableParallelization = true)]
public sealed class SlowReaderCollection;

/// <summary>An inbox stream whose reader stalls: HTTP/2 flow control holds the server back, rather than the server holding the inbox.</summary>
[Collection(nameof(SlowReaderTests))]
public sealed class SlowReaderTests
{
    private const int Messages = 40;
    /// <summary>The largest document that travels inside its Delivery (Exchange:MaxInlineDeliveryBytes), so the inbox is 40 MiB of deliveries.</summary>
    private const int Size = 1024 * 1024;
    private const long Bound = 16L * 1024 * 1024;

    [Fact]
    public async Task An_inbox_stream_not_read_holds_bounded_memory_and_delivers_everything_when_reading_resumes()
    {
        await using var gateway = await OwnGateway.StartAsync("gw-slow-reader");
        var sent = new Dictionary<string, string>();
        for (var i = 0; i < Messages; i++)
        {
            var content = Documents.Pdf(Size);
            var response = await gateway.Exchange(B).SubmitAsync(Documents.Submit(A, content, "application/octet-stream"));
            sent[response.MessageId] = Documents.Sha256(content);
        }
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var call = gateway.Exchange(A).Receive(new ReceiveRequest { StopWhenEmpty = true });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var deliveries = new List<Delivery> { call.ResponseStream.Current };

        // The reader stalls for two seconds. The server may get a delivery or two ahead into the transport's buffers, not the inbox.
        long peak = 0;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        // (How many deliveries the server wrote cannot be read from the store: a stream claims its messages a page
        // at a time under a delivery lease, before writing them. Memory is what a stalled reader must not grow.)
        Assert.True(peak < Bound, $"live managed memory grew by {peak / (1024 * 1024)} MiB with {Messages} MiB of inbox waiting for a stalled reader");

        while (await call.ResponseStream.MoveNext(CancellationToken.None)) deliveries.Add(call.ResponseStream.Current);
        Assert.Equal(sent.Keys.Order(), deliveries.Select(d => d.MessageId).Order());
        Assert.All(deliveries, d =>
        {
            Assert.True(d.ContentInline);
            Assert.Equal(sent[d.MessageId], Documents.Sha256(d.Content.Span));
        });
    }
}
