using Gateway.Crypto;

namespace Gateway.EvidenceLog.Tests;

/// <summary>A TSA outage: reported in health once beyond the bound; fail-closed refuses new entries, the other policy keeps accepting.</summary>
public sealed class SealingPolicyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_outage_beyond_the_bound_is_unhealthy_and_fail_closed_refuses_new_entries(bool acceptWhileUnsealed)
    {
        var tsa = new FakeTimeStamps();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        await using var h = await LogHarness.StartAsync(tsa, o =>
        {
            o.TsaOutageBound = TimeSpan.FromMinutes(1);
            o.AcceptWhileUnsealed = acceptWhileUnsealed;
        }, clock);
        await h.Log.SealAsync();
        await h.AppendAsync("before");

        tsa.Down = true;
        var failed = await Assert.ThrowsAsync<TimeStampException>(() => h.Log.SealAsync());
        Assert.Equal(TimeStampException.Unreachable, failed.Reason);
        var health = h.Log.Health;
        Assert.True(health.Healthy); // within the bound
        Assert.True(health.Accepting);
        Assert.Equal(clock.GetUtcNow(), health.FailingSince);
        Assert.Contains("TSA_UNREACHABLE", health.LastError);
        Assert.Equal((1L, 0L), (health.Size, health.SealedSize)); // folded, not sealed
        await h.AppendAsync("during");

        clock.Advance(TimeSpan.FromSeconds(61));
        await Assert.ThrowsAsync<TimeStampException>(() => h.Log.SealAsync());
        health = h.Log.Health;
        Assert.False(health.Healthy);
        Assert.Equal(acceptWhileUnsealed, health.Accepting);
        if (acceptWhileUnsealed)
        {
            await h.AppendAsync("accepted while unsealed");
        }
        else
        {
            var refused = Assert.Throws<EvidenceLogUnavailableException>(() => h.Log.Reserve());
            Assert.Equal(EvidenceLogReasons.Unavailable, refused.Reason);
        }

        tsa.Down = false;
        Assert.True(await h.Log.SealAsync());
        health = h.Log.Health;
        Assert.True(health.Healthy && health.Accepting);
        Assert.Null(health.FailingSince);
        Assert.Equal(acceptWhileUnsealed ? 3 : 2, h.Log.LatestCheckpoint!.Size);
        await h.AppendAsync("after");
    }

    [Fact]
    public async Task One_tsa_request_seals_every_entry_waiting()
    {
        var tsa = new FakeTimeStamps();
        await using var h = await LogHarness.StartAsync(tsa);
        await h.Log.SealAsync();
        var before = tsa.Requests;
        await h.FillAsync(0, 5_000);
        Assert.True(await h.Log.SealAsync());
        Assert.Equal(before + 1, tsa.Requests);
        Assert.Equal(5_000, h.Log.LatestCheckpoint!.Size);
    }
}
