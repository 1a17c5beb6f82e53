using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;

namespace Gateway.Server.Internal;

/// <summary>
/// Per-agency back-pressure (<see cref="LimitsOptions"/>): a token bucket for the call rate and a count of open
/// streaming calls. Called by <see cref="GatewayInterceptor"/> after authentication and before the call does any
/// work, so a refused call stores nothing. Keyed by the authenticated agency id only, so the state is bounded by
/// the agency directory and unauthenticated callers cannot grow it.
/// </summary>
internal sealed class AgencyLimiter
{
    private readonly LimitsOptions _options;
    private readonly TimeProvider _clock;
    private readonly double _burst;
    private readonly ConcurrentDictionary<string, AgencyUsage> _usage = new(StringComparer.Ordinal);

    public AgencyLimiter(LimitsOptions options, TimeProvider clock)
    {
        if (options.MaxConcurrentStreamsPerAgency < 0)
            throw new InvalidOperationException($"Gateway:Limits:MaxConcurrentStreamsPerAgency is {options.MaxConcurrentStreamsPerAgency}: use 0 (no limit) or more");
        if (!double.IsFinite(options.RequestsPerSecondPerAgency) || options.RequestsPerSecondPerAgency < 0)
            throw new InvalidOperationException(
                $"Gateway:Limits:RequestsPerSecondPerAgency is {options.RequestsPerSecondPerAgency.ToString(CultureInfo.InvariantCulture)}: use 0 (no limit) or more");
        _options = options;
        _clock = clock;
        _burst = Math.Max(1, options.BurstPerAgency);
    }

    /// <summary>
    /// Admits one call of the agency or throws RESOURCE_EXHAUSTED (TOO_MANY_STREAMS or RATE_LIMITED). An admitted
    /// streaming call holds a stream slot until <see cref="Release"/>. A call refused for want of a stream slot
    /// spends no token, so that an agency waiting for a slot is not also rate limited for it.
    /// </summary>
    public void Admit(string agency, bool streaming)
    {
        var usage = _usage.GetOrAdd(agency, _ => new AgencyUsage(_burst, _clock.GetTimestamp()));
        lock (usage.Gate)
        {
            var maxStreams = _options.MaxConcurrentStreamsPerAgency;
            if (streaming && maxStreams > 0 && usage.OpenStreams >= maxStreams)
                throw RpcErrors.OverLimit(ServerReasons.TooManyStreams,
                    $"agency '{agency}' already has {maxStreams} streaming calls open, the limit; close one first", agency, maxStreams);

            var rate = _options.RequestsPerSecondPerAgency;
            if (rate > 0)
            {
                var now = _clock.GetTimestamp();
                usage.Tokens = Math.Min(_burst, usage.Tokens + _clock.GetElapsedTime(usage.RefilledAt, now).TotalSeconds * rate);
                usage.RefilledAt = now;
                if (usage.Tokens < 1)
                {
                    // When the next token is there, rounded up to whole milliseconds so that a client waiting that long is
                    // admitted; rounded to nanoseconds first so that floating-point noise does not add a millisecond.
                    var retry = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Round((1 - usage.Tokens) / rate * 1000, 6)));
                    throw RpcErrors.OverLimit(ServerReasons.RateLimited,
                        $"agency '{agency}' is over its rate of {rate.ToString(CultureInfo.InvariantCulture)} calls per second " +
                        $"(bursts of {_burst.ToString(CultureInfo.InvariantCulture)}); retry after {retry.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms",
                        agency, rate, retry);
                }
                usage.Tokens -= 1;
            }
            if (streaming) usage.OpenStreams++;
        }
    }

    /// <summary>Frees the stream slot of an admitted streaming call when it ends, however it ends.</summary>
    public void Release(string agency)
    {
        if (!_usage.TryGetValue(agency, out var usage)) return;
        lock (usage.Gate)
        {
            if (usage.OpenStreams > 0) usage.OpenStreams--;
        }
    }

    /// <summary>Streaming calls of the agency open now (for tests and diagnostics).</summary>
    public int OpenStreams(string agency)
    {
        if (!_usage.TryGetValue(agency, out var usage)) return 0;
        lock (usage.Gate) return usage.OpenStreams;
    }
}
