using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Server;
using Gateway.Server.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Tests;

/// <summary>The key-store and TSA readiness checks: what they report, and how often they touch the key or the TSA.</summary>
public sealed class ReadinessCheckTests : IDisposable
{
    private readonly TempFolder _folder = new("gw-readiness");
    private readonly DevPkiLayout _pki;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly ObservabilityOptions _options = new();

    public ReadinessCheckTests() => _pki = DevPki.Create(_folder.File("pki"));

    public void Dispose() => _folder.Dispose();

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task The_tsa_check_asks_the_tsa_at_most_once_per_interval()
    {
        var tsa = new CountingTimeStamps(new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(_pki.TsaCertificate, _pki.TsaKey)));
        var check = new TimeStampHealthCheck(tsa, _options, _clock);

        for (var i = 0; i < 3; i++) Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        Assert.Equal(1, tsa.Requests);

        _clock.Advance(_options.TsaCheckInterval - TimeSpan.FromSeconds(1));
        await CheckAsync(check);
        Assert.Equal(1, tsa.Requests);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        Assert.Equal(2, tsa.Requests);
    }

    [Fact]
    public async Task A_failing_tsa_is_unhealthy_with_its_reason()
    {
        var check = new TimeStampHealthCheck(new FailingTimeStamps(), _options, _clock);
        var result = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(TimeStampException.Unreachable, result.Description);
        Assert.Equal(TimeStampException.Unreachable, result.Data["reason"]);
    }

    [Fact]
    public async Task The_key_store_check_signs_with_the_seal_key_and_verifies_against_its_certificate()
    {
        using var seal = FileSigningKey.LoadPem(_pki.SealCertificate, _pki.SealKey);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(new KeyStoreHealthCheck(seal, _options, _clock))).Status);

        using var tsaKey = FileSigningKey.LoadPem(_pki.TsaCertificate, _pki.TsaKey);
        var mismatched = await CheckAsync(new KeyStoreHealthCheck(new CertificateOf(seal, tsaKey), _options, _clock));
        Assert.Equal(HealthStatus.Unhealthy, mismatched.Status);
        Assert.Contains("does not verify", mismatched.Description);
    }

    [Fact]
    public async Task An_expired_seal_certificate_is_unhealthy()
    {
        using var seal = FileSigningKey.LoadPem(_pki.SealCertificate, _pki.SealKey);
        _clock.Advance(seal.Certificate.NotAfter.ToUniversalTime() - _clock.GetUtcNow() + TimeSpan.FromDays(1));
        var result = await CheckAsync(new KeyStoreHealthCheck(seal, _options, _clock));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("validity", result.Description);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class CountingTimeStamps(ITimeStampSource inner) : ITimeStampSource
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _requests);
            return inner.GetTokenAsync(digest, hashAlgorithm, cancellationToken);
        }
    }

    private sealed class FailingTimeStamps : ITimeStampSource
    {
        public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default) =>
            throw new TimeStampException(TimeStampException.Unreachable, "connection refused");
    }

    /// <summary>One key's certificate with another key's signatures: what a mixed-up key store would give.</summary>
    private sealed class CertificateOf(ISigningKey certificate, ISigningKey signer) : ISigningKey
    {
        public X509Certificate2 Certificate => certificate.Certificate;
        public IReadOnlyList<X509Certificate2> Chain => certificate.Chain;
        public KeyAlgorithm Algorithm => certificate.Algorithm;
        public byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm) => signer.SignHash(hash, hashAlgorithm);
    }
}
