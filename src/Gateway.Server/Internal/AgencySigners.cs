using System.Collections.Concurrent;
using Gateway.Crypto;
using Gateway.Signing;

namespace Gateway.Server.Internal;

/// <summary>
/// The signing keys the gateway holds for agencies, loaded on first use and kept, each with its
/// PAdES signer (which learns its placeholder sizes). An agency signs only with its own key.
/// A reloaded configuration (<see cref="Reload"/>) makes the next signature load the key configured then.
/// </summary>
internal sealed class AgencySigners(GatewayOptions options, GatewayKeys keys) : IDisposable
{
    private readonly LongTermValidationOptions _longTerm = new() { Trust = keys.Trust, Revocation = new RevocationClient() };
    private readonly List<Lazy<(ISigningKey Key, PadesSigner Signer)>> _retired = [];
    private volatile ConcurrentDictionary<string, Lazy<(ISigningKey Key, PadesSigner Signer)>> _signers = new(StringComparer.Ordinal);
    private volatile GatewayOptions _options = options;

    public LongTermValidationOptions LongTerm => _longTerm;

    public (ISigningKey Key, PadesSigner Signer) For(string agency) =>
        _signers.GetOrAdd(agency, id => new Lazy<(ISigningKey, PadesSigner)>(() =>
        {
            var key = Load(id);
            return (key, new PadesSigner(key, keys.TimeStamps, _longTerm));
        })).Value;

    /// <summary>
    /// Agencies' keys as <paramref name="next"/> configures them, from the next signature on. Keys loaded so far stay
    /// open until the gateway stops: a signature in progress may still use one.
    /// </summary>
    public void Reload(GatewayOptions next)
    {
        lock (_retired)
        {
            _options = next;
            var old = Interlocked.Exchange(ref _signers, new ConcurrentDictionary<string, Lazy<(ISigningKey Key, PadesSigner Signer)>>(StringComparer.Ordinal));
            _retired.AddRange(old.Values);
        }
    }

    private ISigningKey Load(string agency)
    {
        var options = _options;
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
        lock (_retired)
        {
            foreach (var entry in _retired.Concat(_signers.Values))
                if (entry.IsValueCreated && entry.Value.Key is IDisposable disposable) disposable.Dispose();
        }
    }
}
