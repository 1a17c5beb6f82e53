using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server.Internal;

/// <summary>
/// Ready while the seal key signs and its certificate is within its validity: a fixed digest is signed
/// and the signature verified against the certificate, which also catches a key that does not match
/// its certificate (receipts that no verifier would accept). With an HSM this is the round trip to it.
/// </summary>
internal sealed class KeyStoreHealthCheck : IHealthCheck
{
    public const string Name = "key-store";

    private static readonly byte[] Probe = SHA256.HashData("gateway readiness: seal key"u8);

    private readonly CachedHealthProbe _probe;

    public KeyStoreHealthCheck(ISigningKey seal, ObservabilityOptions options, TimeProvider clock) : this(() => seal, options, clock) { }

    // The seal is asked for on every probe: after a rotation, readiness follows the new key.
    public KeyStoreHealthCheck(Func<ISigningKey> seal, ObservabilityOptions options, TimeProvider clock)
    {
        _probe = new CachedHealthProbe(_ => Task.FromResult(Check(seal(), clock)), options.ReadinessCacheTime, TimeSpan.FromSeconds(5), clock);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _probe.GetAsync(cancellationToken);

    internal static HealthCheckResult Check(ISigningKey seal, TimeProvider clock)
    {
        var certificate = seal.Certificate;
        var data = new Dictionary<string, object>
        {
            ["subject"] = certificate.Subject,
            ["notAfter"] = certificate.NotAfter.ToUniversalTime().ToString("O"),
        };
        var now = clock.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            return HealthCheckResult.Unhealthy("the seal certificate is outside its validity period", data: data);
        var signature = seal.SignHash(Probe, HashAlgorithmName.SHA256);
        return Verifies(seal, certificate, signature)
            ? HealthCheckResult.Healthy("the seal key signs", data)
            : HealthCheckResult.Unhealthy("the seal key's signature does not verify against its certificate", data: data);
    }

    private static bool Verifies(ISigningKey seal, X509Certificate2 certificate, byte[] signature)
    {
        try
        {
            return VerifiesCore(seal, certificate, signature);
        }
        catch (CryptographicException)
        {
            // A signature of another key type or size can be unparseable for this one: it does not verify.
            return false;
        }
    }

    private static bool VerifiesCore(ISigningKey seal, X509Certificate2 certificate, byte[] signature)
    {
        switch (seal.Algorithm)
        {
            case KeyAlgorithm.Rsa:
                using (var rsa = certificate.GetRSAPublicKey())
                    return rsa is not null && rsa.VerifyHash(Probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            case KeyAlgorithm.Ecdsa:
                using (var ecdsa = certificate.GetECDsaPublicKey())
                    return ecdsa is not null && ecdsa.VerifyHash(Probe, signature, DSASignatureFormat.Rfc3279DerSequence);
            default:
                return false;
        }
    }
}
