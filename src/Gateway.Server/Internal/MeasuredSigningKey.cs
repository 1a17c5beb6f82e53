using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;

namespace Gateway.Server.Internal;

/// <summary>
/// The seal key, timed ("gateway.seal.sign.duration") and traced ("gateway.sign") per signature: with an
/// HSM behind <see cref="ISigningKey"/> this is where receipt latency would hide.
/// </summary>
internal sealed class MeasuredSigningKey(ISigningKey inner, ServerTelemetry telemetry) : ISigningKey
{
    public X509Certificate2 Certificate => inner.Certificate;

    public IReadOnlyList<X509Certificate2> Chain => inner.Chain;

    public KeyAlgorithm Algorithm => inner.Algorithm;

    public byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        using var activity = ServerTelemetry.Source.StartActivity("gateway.sign");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var signature = inner.SignHash(hash, hashAlgorithm);
            telemetry.Signed(Stopwatch.GetElapsedTime(started), succeeded: true);
            return signature;
        }
        catch (Exception e)
        {
            telemetry.Signed(Stopwatch.GetElapsedTime(started), succeeded: false);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    public byte[] SignHashPss(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm) => inner.SignHashPss(hash, hashAlgorithm);
}
