using System.Security.Cryptography;
using Gateway.Api.V1;
using Google.Protobuf;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>
/// A 50 MiB document through SubmitStream and FetchContent with bounded memory. It measures the process's live
/// managed memory, so it runs alone (the slow-reader collection) on a gateway of its own: tests running beside it
/// would count their own allocations against it.
/// </summary>
[Collection(nameof(SlowReaderTests))]
public sealed class LargeStreamTests
{
    private const int Chunk = 256 * 1024;

    [Fact]
    public async Task A_50_MiB_document_streams_in_and_out_with_bounded_memory()
    {
        await using var gateway = await OwnGateway.StartAsync("gw-large-stream");
        const long size = 50L * 1024 * 1024;
        var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;

        using var call = gateway.Exchange(A).SubmitStream();
        await call.RequestStream.WriteAsync(new SubmitChunk { Header = new SubmitHeader
        {
            RecipientAgency = B, MediaType = "application/pdf", FileName = "large.pdf", IdempotencyKey = Guid.NewGuid().ToString(), DeclaredSize = size,
        } });
        var buffer = new byte[Chunk];
        var random = new Random(50);
        for (long offset = 0; offset < size; offset += Chunk)
        {
            random.NextBytes(buffer);
            if (offset == 0) "%PDF-1.7\n"u8.CopyTo(buffer);
            sent.AppendData(buffer);
            await call.RequestStream.WriteAsync(new SubmitChunk { Data = ByteString.CopyFrom(buffer) });
            if (offset % (8 * 1024 * 1024) == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);

        var sha = Convert.ToHexStringLower(sent.GetHashAndReset());
        Assert.Equal(sha, response.Receipt.DocumentSha256);
        Assert.Equal(size, response.Receipt.DocumentSize);
        // Neither client nor server may hold the document: live memory stays far below its size.
        Assert.True(peak < 24L * 1024 * 1024, $"live managed memory grew by {peak / (1024 * 1024)} MiB while streaming 50 MiB");

        var delivery = (await Documents.DrainInboxAsync(gateway.Exchange(B))).Single(d => d.MessageId == response.MessageId);
        Assert.False(delivery.ContentInline);
        var received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        using var fetch = gateway.Exchange(B).FetchContent(new FetchContentRequest { MessageId = response.MessageId });
        while (await fetch.ResponseStream.MoveNext(CancellationToken.None))
        {
            Assert.Equal(length, fetch.ResponseStream.Current.Offset);
            received.AppendData(fetch.ResponseStream.Current.Data.Span);
            length += fetch.ResponseStream.Current.Data.Length;
        }
        Assert.Equal(size, length);
        Assert.Equal(sha, Convert.ToHexStringLower(received.GetHashAndReset()));
    }
}
