using Gateway.Api.V1;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>Gateway:Limits end to end: over a limit, RESOURCE_EXHAUSTED with the limit in the ErrorInfo, and nothing stored.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Over_its_call_rate_an_agency_is_refused_with_RATE_LIMITED_and_nothing_is_stored()
    {
        // One call refilled per thousand seconds: for the length of the test the bucket holds exactly its burst of two.
        await using var gateway = await OwnGateway.StartAsync("gw-limits-rate", o =>
        {
            o.Limits.RequestsPerSecondPerAgency = 0.001;
            o.Limits.BurstPerAgency = 2;
        });
        var a = gateway.Exchange(A);
        await a.SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        await a.SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var before = await gateway.StoredAsync();

        var key = Guid.NewGuid().ToString("N");
        var e = await RpcAssert.FailsAsync(() => a.SubmitAsync(Documents.Submit(B, Documents.Pdf(), key: key)).ResponseAsync,
            StatusCode.ResourceExhausted, ServerReasons.RateLimited);
        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("0.001", info.Metadata["limit"]);
        Assert.Equal(A, info.Metadata["agency"]);
        Assert.InRange(e.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(1000));

        // A streaming call is a call too, refused before it reads a byte.
        var streamKey = Guid.NewGuid().ToString("N");
        using (var upload = a.SubmitStream())
        {
            await Documents.SendAsync(upload.RequestStream, complete: true,
                Documents.StreamHeader(B, streamKey), new SubmitChunk { Data = ByteString.CopyFrom(Documents.Pdf()) });
            await RpcAssert.FailsAsync(() => upload.ResponseAsync, StatusCode.ResourceExhausted, ServerReasons.RateLimited);
        }

        // No message, receipt (not even a rejection), evidence-log entry or file.
        Assert.Equal(before, await gateway.StoredAsync());
        var store = gateway.Service<IExchangeStore>();
        Assert.Null(await store.FindSubmissionAsync(A, key));
        Assert.Null(await store.FindSubmissionAsync(A, streamKey));

        // Another agency has a bucket of its own, and health is not limited: it names no agency, and a load balancer must reach it.
        await gateway.Exchange(B).SubmitAsync(Documents.Submit(A, Documents.Pdf()));
        var health = await new Health.HealthClient(gateway.Channel(A)).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Beyond_its_open_streams_an_agency_is_refused_with_TOO_MANY_STREAMS_until_one_closes()
    {
        await using var gateway = await OwnGateway.StartAsync("gw-limits-streams", o => o.Limits.MaxConcurrentStreamsPerAgency = 2);
        var limiter = gateway.Service<AgencyLimiter>();
        using var first = await OpenInboxAsync(gateway, limiter, A);
        using var second = await OpenInboxAsync(gateway, limiter, A);
        var before = await gateway.StoredAsync();

        using (var third = gateway.Exchange(A).Receive(new ReceiveRequest()))
        {
            var e = await RpcAssert.FailsAsync(() => third.ResponseStream.MoveNext(CancellationToken.None), StatusCode.ResourceExhausted, ServerReasons.TooManyStreams);
            var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
            Assert.Equal("2", info.Metadata["limit"]);
            Assert.Equal(A, info.Metadata["agency"]);
        }
        var key = Guid.NewGuid().ToString("N");
        using (var upload = gateway.Exchange(A).SubmitStream())
        {
            await Documents.SendAsync(upload.RequestStream, complete: true,
                Documents.StreamHeader(B, key), new SubmitChunk { Data = ByteString.CopyFrom(Documents.Pdf()) });
            await RpcAssert.FailsAsync(() => upload.ResponseAsync, StatusCode.ResourceExhausted, ServerReasons.TooManyStreams);
        }
        Assert.Equal(before, await gateway.StoredAsync());
        Assert.Null(await gateway.Service<IExchangeStore>().FindSubmissionAsync(A, key));

        // Unary calls hold no stream; another agency's streams are counted apart.
        await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        using var other = await OpenInboxAsync(gateway, limiter, B);

        // Closing a stream frees its slot once the server has seen the reset.
        first.Dispose();
        await OwnGateway.EventuallyAsync(() => limiter.OpenStreams(A) == 1, "the closed stream's slot is free");
        using var again = await OpenInboxAsync(gateway, limiter, A);
        Assert.Equal(2, limiter.OpenStreams(A));
    }

    /// <summary>
    /// An inbox stream the limiter has admitted. Counted on the server, not by a delivery: a message leased to
    /// one stream goes to no other until its lease (60 s) runs out, so waiting for one would wait that long.
    /// </summary>
    private static async Task<AsyncServerStreamingCall<Delivery>> OpenInboxAsync(OwnGateway gateway, AgencyLimiter limiter, string agency)
    {
        var open = limiter.OpenStreams(agency);
        var call = gateway.Exchange(agency).Receive(new ReceiveRequest());
        await OwnGateway.EventuallyAsync(() => limiter.OpenStreams(agency) == open + 1, $"a stream of {agency} is admitted");
        return call;
    }
}
