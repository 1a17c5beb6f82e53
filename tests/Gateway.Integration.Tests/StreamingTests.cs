using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Exchange;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

[Collection("gateway")]
public sealed class StreamingTests(GatewayFixture gateway)
{
    private const int Chunk = 256 * 1024;

    [Fact]
    public async Task A_50_MiB_document_streams_in_and_out_with_bounded_memory()
    {
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

    [Fact]
    public async Task A_stream_without_a_header_first_is_refused()
    {
        using var call = gateway.Exchange(A).SubmitStream();
        await call.RequestStream.WriteAsync(new SubmitChunk { Data = ByteString.CopyFromUtf8("%PDF-1.7") });
        await call.RequestStream.CompleteAsync();
        await RpcAssert.FailsAsync(() => call.ResponseAsync, StatusCode.InvalidArgument, ExchangeReasons.StreamHeaderMissing);
    }

    [Fact]
    public async Task A_stream_shorter_than_declared_is_refused_and_stores_nothing()
    {
        var key = Guid.NewGuid().ToString();
        using var call = gateway.Exchange(A).SubmitStream();
        await call.RequestStream.WriteAsync(new SubmitChunk { Header = new SubmitHeader
        {
            RecipientAgency = B, MediaType = "application/pdf", FileName = "short.pdf", IdempotencyKey = key, DeclaredSize = 10_000,
        } });
        await call.RequestStream.WriteAsync(new SubmitChunk { Data = ByteString.CopyFrom(Documents.Pdf(5_000)) });
        await call.RequestStream.CompleteAsync();
        await RpcAssert.FailsAsync(() => call.ResponseAsync, StatusCode.InvalidArgument, ExchangeReasons.SizeMismatch, "declared_size");
        Assert.Null(await gateway.App.Services.GetRequiredService<IExchangeStore>().FindSubmissionAsync(A, key));
    }

    [Fact]
    public async Task A_stream_abandoned_halfway_stores_nothing()
    {
        var key = Guid.NewGuid().ToString();
        using var cancel = new CancellationTokenSource();
        using var call = gateway.Exchange(A).SubmitStream(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new SubmitChunk { Header = new SubmitHeader
        {
            RecipientAgency = B, MediaType = "application/pdf", FileName = "abandoned.pdf", IdempotencyKey = key,
        } });
        await call.RequestStream.WriteAsync(new SubmitChunk { Data = ByteString.CopyFrom(Documents.Pdf(Chunk)) });
        cancel.Cancel();
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        // The server notices the reset asynchronously; give it a moment before looking.
        await Task.Delay(500);
        Assert.Null(await gateway.App.Services.GetRequiredService<IExchangeStore>().FindSubmissionAsync(A, key));
        var temporary = Path.Combine(gateway.DataDirectory, "blobs", "tmp");
        Assert.True(!Directory.Exists(temporary) || Directory.GetFiles(temporary).Length == 0, "a temporary file of the abandoned stream was left behind");
    }
}
