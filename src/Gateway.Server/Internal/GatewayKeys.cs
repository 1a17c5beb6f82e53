using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkcs11;

namespace Gateway.Server.Internal;

/// <summary>
/// The key material the gateway runs with, resolved at start from configuration, falling back
/// to the development PKI's files. A missing file fails the start with the path, never a key. The seal
/// can be rotated while the gateway runs (<see cref="RotateSeal"/>); the certificates of earlier seals stay
/// in <see cref="SealCertificates"/>, so that receipts they sealed keep verifying as this gateway's.
/// </summary>
internal sealed class GatewayKeys : IDisposable
{
    private ISigningKey _seal = null!;
    private IReadOnlyList<X509Certificate2> _previousSeals = [];

    public required ISigningKey Seal
    {
        get => Volatile.Read(ref _seal);
        init => _seal = value;
    }

    /// <summary>Certificates of the seal keys before the current one (configured, and replaced since start).</summary>
    public IReadOnlyList<X509Certificate2> PreviousSeals
    {
        get => Volatile.Read(ref _previousSeals);
        init => _previousSeals = value;
    }

    /// <summary>The current seal's certificate first, then the earlier ones: whose receipts are this gateway's.</summary>
    public IReadOnlyList<X509Certificate2> SealCertificates => [Seal.Certificate, .. PreviousSeals];

    public required ITimeStampSource TimeStamps { get; init; }
    public EmbeddedTimeStampAuthority? EmbeddedTsa { get; init; }
    public required TrustStore Trust { get; init; }
    public required TrustStore ClientCa { get; init; }
    public X509Certificate2? ServerCertificate { get; init; }
    public X509Certificate2Collection ServerChain { get; init; } = [];

    private readonly List<IDisposable> _owned = [];

    public static GatewayKeys Load(GatewayOptions options)
    {
        DevPkiLayout? pki = null;
        if (!string.IsNullOrEmpty(options.PkiDirectory))
        {
            var directory = Path.GetFullPath(options.PkiDirectory);
            pki = new DevPkiLayout(directory);
            // Made only when absent: an existing PKI (with its own agencies) is used as it is.
            if (options.CreateDevelopmentPki && !File.Exists(pki.RootsPem)) pki = DevPki.Create(directory);
        }

        string Require(string? configured, Func<DevPkiLayout, string> fallback, string what) =>
            configured ?? (pki is not null ? fallback(pki) : throw new InvalidOperationException($"Gateway:{what} is not configured and no PkiDirectory is set"));

        var seal = LoadKey(options.Seal, options.Pkcs11, pki, l => l.SealCertificate, l => l.SealKey, "Seal");
        var owned = new List<IDisposable>();
        if (seal is IDisposable d1) owned.Add(d1);

        EmbeddedTimeStampAuthority? embedded = null;
        ITimeStampSource timeStamps;
        if (!string.IsNullOrEmpty(options.Tsa.Url))
        {
            timeStamps = new HttpTimeStampClient(new Uri(options.Tsa.Url));
        }
        else
        {
            var tsaKey = LoadKey(options.Tsa.Key, options.Pkcs11, pki, l => l.TsaCertificate, l => l.TsaKey, "Tsa:Key");
            if (tsaKey is IDisposable d2) owned.Add(d2);
            var tsaOptions = new TimeStampAuthorityOptions();
            if (!string.IsNullOrEmpty(options.Tsa.PolicyOid)) tsaOptions.PolicyOid = options.Tsa.PolicyOid;
            embedded = new EmbeddedTimeStampAuthority(tsaKey, tsaOptions);
            timeStamps = embedded;
        }

        var trust = TrustStore.Load(Require(options.TrustRoots, l => l.RootsPem, "TrustRoots"));
        var clientCa = TrustStore.Load(Require(options.Tls.ClientCaPath, l => l.RootsPem, "Tls:ClientCaPath"));
        // Kestrel hands over only the leaf of a client's chain: the issuing CAs must be known here.
        if (pki is not null && File.Exists(pki.IntermediatesPem))
        {
            var intermediates = new X509Certificate2Collection();
            intermediates.ImportFromPemFile(pki.IntermediatesPem);
            clientCa = TrustStore.FromCertificates(clientCa.Roots, [.. clientCa.Intermediates, .. intermediates]);
            trust = TrustStore.FromCertificates(trust.Roots, [.. trust.Intermediates, .. intermediates]);
        }

        X509Certificate2? serverCertificate = null;
        var chain = new X509Certificate2Collection();
        if (!options.Development.Insecure)
        {
            var certPath = Require(options.Tls.CertificatePath, l => l.ServerCertificate, "Tls:CertificatePath");
            var keyPath = Require(options.Tls.KeyPath, l => l.ServerKey, "Tls:KeyPath");
            serverCertificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            chain.ImportFromPemFile(certPath);
            // The leaf is first in the file; Kestrel wants only the intermediates.
            chain.RemoveAt(0);
        }

        var keys = new GatewayKeys
        {
            Seal = seal,
            PreviousSeals = PreviousCertificates(options.Seal),
            TimeStamps = timeStamps,
            EmbeddedTsa = embedded,
            Trust = trust,
            ClientCa = clientCa,
            ServerCertificate = serverCertificate,
            ServerChain = chain,
        };
        keys._owned.AddRange(owned);
        return keys;
    }

    /// <summary>
    /// The CRLs that revoke client certificates: the configured ones (each must exist, so that a typo does not silently
    /// turn revocation off), else the development PKI's when it has them.
    /// </summary>
    public static IReadOnlyList<string> ClientCrlPaths(GatewayOptions options)
    {
        if (options.Tls.ClientCrlPaths.Count > 0)
        {
            var configured = options.Tls.ClientCrlPaths.Select(Path.GetFullPath).ToList();
            foreach (var path in configured)
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                    throw new InvalidOperationException($"Gateway:Tls:ClientCrlPaths names '{path}', which does not exist");
            }
            return configured;
        }
        if (string.IsNullOrEmpty(options.PkiDirectory)) return [];
        var pki = new DevPkiLayout(Path.GetFullPath(options.PkiDirectory));
        return [pki.IssuingCrl, pki.RootCrl];
    }

    /// <summary>Keeps <paramref name="owned"/> (a token key, say) open until the gateway stops.</summary>
    public void Own(IDisposable owned)
    {
        lock (_owned) _owned.Add(owned);
    }

    /// <summary>
    /// Seals from now on with <paramref name="next"/>. The key it replaces is kept open until the gateway stops (a
    /// receipt being sealed may still use it) and its certificate joins the previous seals with <paramref name="previous"/>.
    /// </summary>
    public void RotateSeal(ISigningKey next, IReadOnlyList<X509Certificate2> previous)
    {
        lock (_owned)
        {
            if (next is IDisposable disposable) _owned.Add(disposable);
            var old = _seal;
            IReadOnlyList<X509Certificate2> earlier = [.. previous.Append(old.Certificate).Concat(_previousSeals)
                .Where(c => !c.RawData.AsSpan().SequenceEqual(next.Certificate.RawData))
                .DistinctBy(c => Convert.ToHexString(c.RawData))];
            Volatile.Write(ref _previousSeals, earlier);
            Volatile.Write(ref _seal, next);
        }
    }

    /// <summary>The leaf certificate of each file in <see cref="KeyFileOptions.PreviousCertificates"/>.</summary>
    public static IReadOnlyList<X509Certificate2> PreviousCertificates(KeyFileOptions key) =>
        [.. key.PreviousCertificates.Where(p => !string.IsNullOrWhiteSpace(p)).Select(path =>
        {
            var file = new X509Certificate2Collection();
            file.ImportFromPemFile(path);
            return file.Count > 0 ? file[0] : throw new InvalidOperationException($"{path} (a previous seal certificate) holds no PEM certificate");
        })];

    public static string? AgenciesFile(GatewayOptions options) =>
        options.AgenciesFile ?? (string.IsNullOrEmpty(options.PkiDirectory) ? null : new DevPkiLayout(Path.GetFullPath(options.PkiDirectory)).AgenciesJson);

    internal static ISigningKey LoadKey(KeyFileOptions key, Pkcs11Options pkcs11, DevPkiLayout? pki, Func<DevPkiLayout, string> certificate, Func<DevPkiLayout, string> privateKey, string what)
    {
        // A key in a token: the certificate comes from the token unless a file is configured.
        if (Pkcs11Uri.IsPkcs11(key.KeyPath))
            return Pkcs11KeyStore.Load(Pkcs11Uri.Parse(key.KeyPath!), pkcs11, key.CertificatePath);
        if (!string.IsNullOrEmpty(key.Pkcs12Path))
        {
            var password = key.Pkcs12PasswordEnvironmentVariable is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null;
            return FileSigningKey.LoadPkcs12(key.Pkcs12Path, password);
        }
        var certificatePath = key.CertificatePath ?? (pki is not null ? certificate(pki) : null);
        var keyPath = key.KeyPath ?? (pki is not null ? privateKey(pki) : null);
        if (certificatePath is null || keyPath is null)
            throw new InvalidOperationException($"Gateway:{what} is not configured and no PkiDirectory is set");
        return FileSigningKey.LoadPem(certificatePath, keyPath);
    }

    public void Dispose()
    {
        List<IDisposable> owned;
        lock (_owned) owned = [.. _owned];
        foreach (var disposable in owned) disposable.Dispose();
        ServerCertificate?.Dispose();
    }
}
