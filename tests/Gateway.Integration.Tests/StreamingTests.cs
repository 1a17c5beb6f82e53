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
