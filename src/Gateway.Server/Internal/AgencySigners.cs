using System.Collections.Concurrent;
using Gateway.Crypto;
using Gateway.Signing;

namespace Gateway.Server.Internal;

/// <summary>
/// The signing keys the gateway holds for agencies, loaded on first use and kept, each with its
/// PAdES signer (which learns its placeholder sizes). An agency signs only with its own key.
/// </summary>
internal sealed class AgencySigners(GatewayOptions options, GatewayKeys keys) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(ISigningKey Key, PadesSigner Signer)>> _signers = new(StringComparer.Ordinal);
    private readonly LongTermValidationOptions _longTerm = new() { Trust = keys.Trust, Revocation = new RevocationClient() };

    public LongTermValidationOptions LongTerm => _longTerm;

    public (ISigningKey Key, PadesSigner Signer) For(string agency) =>
        _signers.GetOrAdd(agency, id => new Lazy<(ISigningKey, PadesSigner)>(() =>
        {
            var key = Load(id);
            return (key, new PadesSigner(key, keys.TimeStamps, _longTerm));
        })).Value;

    private ISigningKey Load(string agency)
    {
        if (options.SigningKeys.TryGetValue(agency, out var configured))
            return GatewayKeys.LoadKey(configured, options.Pkcs11, null, _ => "", _ => "", $"SigningKeys:{agency}");
        var pki = new DevPkiLayout(Path.GetFullPath(options.PkiDirectory));
        var certificate = pki.AgencySigningCertificate(agency);
        if (string.IsNullOrEmpty(options.PkiDirectory) || !File.Exists(certificate))
            throw new InvalidOperationException($"no signing key is configured for agency '{agency}'");
        return FileSigningKey.LoadPem(certificate, pki.AgencySigningKey(agency));
    }

    public void Dispose()
    {
        foreach (var entry in _signers.Values)
            if (entry.IsValueCreated && entry.Value.Key is IDisposable disposable) disposable.Dispose();
    }
}
