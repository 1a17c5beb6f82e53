using System.Diagnostics;
using System.Security.Cryptography;
using Gateway.Crypto;

namespace Gateway.Server.Internal;

/// <summary>A time-stamp source that times each token request ("gateway.tsa.duration") and traces it as "gateway.time_stamp".</summary>
internal sealed class MeasuredTimeStampSource(ITimeStampSource inner, string purpose, ServerTelemetry telemetry) : ITimeStampSource
{
    public async Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        using var activity = ServerTelemetry.Source.StartActivity("gateway.time_stamp");
        activity?.SetTag("gateway.tsa.purpose", purpose);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var token = await inner.GetTokenAsync(digest, hashAlgorithm, cancellationToken).ConfigureAwait(false);
            telemetry.TimeStamped(purpose, Stopwatch.GetElapsedTime(started), succeeded: true);
            return token;
        }
        catch (Exception e)
        {
            telemetry.TimeStamped(purpose, Stopwatch.GetElapsedTime(started), succeeded: false);
            activity?.SetStatus(ActivityStatusCode.Error, e is TimeStampException t ? t.Reason : e.GetType().Name);
            throw;
        }
    }
}
