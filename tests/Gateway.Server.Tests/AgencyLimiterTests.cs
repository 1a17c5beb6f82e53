using Gateway.Server.Internal;
using Google.Rpc;
using Grpc.Core;

namespace Gateway.Server.Tests;

public sealed class AgencyLimiterTests
{
    private const string A = "agency-a";
    private const string B = "agency-b";
    private readonly ManualClock _clock = new();

    private AgencyLimiter Limiter(double rate = 0, int burst = 1, int streams = 0) =>
        new(new LimitsOptions { RequestsPerSecondPerAgency = rate, BurstPerAgency = burst, MaxConcurrentStreamsPerAgency = streams }, _clock);

    private static Google.Rpc.Status Refused(Action call, string reason)
    {
        var e = Assert.Throws<RpcException>(call);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Equal(reason, status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal("gateway.v1", status.GetDetail<ErrorInfo>()!.Domain);
        return status;
    }

    [Fact]
    public void A_burst_is_admitted_then_the_next_call_is_rate_limited_with_the_limit_and_when_to_retry()
    {
        var limiter = Limiter(rate: 2, burst: 3);
        for (var i = 0; i < 3; i++) limiter.Admit(A, streaming: false);

        var status = Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);
        var info = status.GetDetail<ErrorInfo>()!;
        Assert.Equal("2", info.Metadata["limit"]);
        Assert.Equal(A, info.Metadata["agency"]);
        // Two tokens a second: the next one is half a second away.
        Assert.Equal(TimeSpan.FromMilliseconds(500), status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void Tokens_come_back_at_the_rate_and_never_beyond_the_burst()
    {
        var limiter = Limiter(rate: 2, burst: 3);
        for (var i = 0; i < 3; i++) limiter.Admit(A, streaming: false);

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        var status = Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);
        Assert.Equal(TimeSpan.FromMilliseconds(1), status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.Admit(A, streaming: false);
        Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);

        // An hour idle refills the bucket to the burst, not to 7200 calls.
        _clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++) limiter.Admit(A, streaming: false);
        Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);
    }

    [Fact]
    public void One_agency_over_its_rate_does_not_limit_another()
    {
        var limiter = Limiter(rate: 1, burst: 1);
        limiter.Admit(A, streaming: false);
        Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);
        limiter.Admit(B, streaming: false);
    }

    [Fact]
    public void A_rate_of_zero_admits_every_call()
    {
        var limiter = Limiter(rate: 0, burst: 1);
        for (var i = 0; i < 10_000; i++) limiter.Admit(A, streaming: false);
    }

    [Fact]
    public void Streams_beyond_the_limit_are_refused_until_one_is_released()
    {
        var limiter = Limiter(streams: 2);
        limiter.Admit(A, streaming: true);
        limiter.Admit(A, streaming: true);

        var info = Refused(() => limiter.Admit(A, streaming: true), ServerReasons.TooManyStreams).GetDetail<ErrorInfo>()!;
        Assert.Equal("2", info.Metadata["limit"]);
        Assert.Equal(A, info.Metadata["agency"]);
        Assert.Equal(2, limiter.OpenStreams(A));
        // Unary calls and other agencies' streams are not counted against A's streams.
        limiter.Admit(A, streaming: false);
        limiter.Admit(B, streaming: true);

        limiter.Release(A);
        Assert.Equal(1, limiter.OpenStreams(A));
        limiter.Admit(A, streaming: true);
        Assert.Equal(2, limiter.OpenStreams(A));
    }

    [Fact]
    public void A_stream_refused_for_want_of_a_slot_spends_no_token()
    {
        var limiter = Limiter(rate: 1, burst: 2, streams: 1);
        limiter.Admit(A, streaming: true);
        for (var i = 0; i < 5; i++) Refused(() => limiter.Admit(A, streaming: true), ServerReasons.TooManyStreams);
        // One token is left of the burst of two.
        limiter.Admit(A, streaming: false);
        Refused(() => limiter.Admit(A, streaming: false), ServerReasons.RateLimited);
    }

    [Fact]
    public void A_stream_refused_by_the_rate_holds_no_slot()
    {
        var limiter = Limiter(rate: 1, burst: 1, streams: 1);
        limiter.Admit(A, streaming: false);
        Refused(() => limiter.Admit(A, streaming: true), ServerReasons.RateLimited);
        Assert.Equal(0, limiter.OpenStreams(A));
    }

    [Fact]
    public void Negative_or_infinite_limits_are_a_configuration_error_naming_the_setting()
    {
        Assert.Contains("RequestsPerSecondPerAgency", Assert.Throws<InvalidOperationException>(() => Limiter(rate: -1)).Message);
        Assert.Contains("RequestsPerSecondPerAgency", Assert.Throws<InvalidOperationException>(() => Limiter(rate: double.PositiveInfinity)).Message);
        Assert.Contains("MaxConcurrentStreamsPerAgency", Assert.Throws<InvalidOperationException>(() => Limiter(streams: -1)).Message);
    }
}
