using Gateway.Api.V1;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>A client's deadline ends the server's work on the call (context.CancellationToken reaches the exchange).</summary>
public sealed class DeadlineTests
{
    [Fact]
    public async Task A_submission_past_its_deadline_ends_with_DEADLINE_EXCEEDED_stores_nothing_and_leaves_the_gateway_healthy()
    {
        await using var gateway = await OwnGateway.StartAsync("gw-deadline");
        var a = gateway.Exchange(A);
        var before = await gateway.StoredAsync();

        var late = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(Documents.Submit(B, Documents.Pdf()), deadline: DateTime.UtcNow).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);

        // The deadline passes while the server waits for the rest of the document, mid-way through the exchange's work.
        var key = Guid.NewGuid().ToString("N");
        using (var upload = a.SubmitStream(deadline: DateTime.UtcNow.AddSeconds(3)))
        {
            await Documents.SendAsync(upload.RequestStream, complete: false,
                Documents.StreamHeader(B, key), new SubmitChunk { Data = ByteString.CopyFrom(Documents.Pdf(64 * 1024)) });
            var e = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        }

        // The handler returned (its stream slot is free), cleaning up after itself: no message, receipt, log entry or temporary file.
        await OwnGateway.EventuallyAsync(() => gateway.Service<AgencyLimiter>().OpenStreams(A) == 0, "the server's handler has returned");
        Assert.Equal(before, await gateway.StoredAsync());
        Assert.Null(await gateway.Service<IExchangeStore>().FindSubmissionAsync(A, key));

        var accepted = await a.SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        Assert.NotEmpty(accepted.MessageId);
        var health = await new Health.HealthClient(gateway.Channel(A)).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
