using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.EvidenceLog;
using Gateway.Exchange;
using Gateway.Pkcs11;
using Gateway.Server.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Server;

/// <summary>
/// `gw doctor`: checks, without serving and without creating or changing anything, what `gw serve` would start
/// with — configuration, agencies, trust anchors, the seal key, the server certificate, the TSA, the evidence-log
/// key and the database — and says for each what is wrong and what to do.
/// </summary>
public static class GatewayDoctor
{
    // A certificate this close to its end is worth a warning: renewing a seal or TLS certificate takes days.
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(string[] args, Action<GatewayOptions>? configure = null, CancellationToken ct = default)
    {
        var checks = new List<DoctorCheck>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var options = new GatewayOptions();
        try
        {
            builder.Configuration.GetSection(GatewayOptions.Section).Bind(options);
            configure?.Invoke(options);
            // Look, do not make: a missing development PKI is a finding, not something to create here.
            options.CreateDevelopmentPki = false;
            var catalogue = Evidence.MethodCatalogue.Load(string.IsNullOrWhiteSpace(options.Methods.CataloguePath) ? null : options.Methods.CataloguePath);
            if (!string.IsNullOrWhiteSpace(options.Methods.PolicyPath)) Evidence.MethodPolicy.Load(options.Methods.PolicyPath, catalogue);
            var secure = !options.Development.Insecure;
            var scheme = new Uri(options.Listen).Scheme;
            checks.Add(secure == (scheme == Uri.UriSchemeHttps)
                ? new DoctorCheck("configuration", DoctorStatus.Ok, $"listen {options.Listen}, method catalogue {catalogue.Version}" + (options.Methods.PolicyPath is { Length: > 0 } p ? $", policy {p}" : ""))
                : new DoctorCheck("configuration", DoctorStatus.Failed, $"Gateway:Listen is {options.Listen} but the development switch is {(secure ? "off" : "on")}",
                    "use https:// (or http:// only with --dev-insecure)"));
            if (!secure) checks.Add(new DoctorCheck("tls", DoctorStatus.Warning, "development switch on: plaintext, agencies named by a header", "never in production: remove Gateway:Development:Insecure"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or UriFormatException or ArgumentException)
        {
            checks.Add(new DoctorCheck("configuration", DoctorStatus.Failed, e.Message, "fix the setting or file named above"));
            return checks;
        }

        // Token keys first, step by step: "cannot log in" says less than "the PIN file cannot be read".
        List<DoctorCheck> tokenChecks;
        try
        {
            tokenChecks = TokenKeys(options).SelectMany(k => Pkcs11Tokens.Diagnose(k.Uri, options.Pkcs11, k.CertificatePath, k.Ed25519)
                .Select(c => new DoctorCheck($"{k.What}: pkcs11 {c.Step}", c.Passed ? DoctorStatus.Ok : DoctorStatus.Failed, c.Detail, c.Passed ? null : TokenAdvice(c.Step)))).ToList();
        }
        catch (FormatException e)
        {
            tokenChecks = [new DoctorCheck("pkcs11 uri", DoctorStatus.Failed, e.Message, "fix the pkcs11: URI (RFC 7512); the PIN goes in a variable or a pin-source file")];
        }
        checks.AddRange(tokenChecks);
        if (tokenChecks.Any(c => c.Status == DoctorStatus.Failed)) return checks;

        GatewayKeys keys;
        try
        {
            keys = GatewayKeys.Load(options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or CryptographicException or UnauthorizedAccessException)
        {
            checks.Add(new DoctorCheck("keys", DoctorStatus.Failed, e.Message,
                string.IsNullOrEmpty(options.PkiDirectory) ? "configure Gateway:Seal, Gateway:Tsa and Gateway:TrustRoots" : $"run `gw pki init --dir {options.PkiDirectory}` (or `gw serve` once) for a development PKI, or configure the keys"));
            return checks;
        }

        // Disposed at the end: a token key holds the token's login for the process until then.
        using var loaded = keys;
        checks.Add(Agencies(options));
        checks.Add(Anchors(keys));
        var seal = KeyStoreHealthCheck.Check(keys.Seal, TimeProvider.System);
        checks.Add(new DoctorCheck("seal key", seal.Status == HealthStatus.Healthy ? Expiry(keys.Seal.Certificate) : DoctorStatus.Failed,
            $"{seal.Description}: {keys.Seal.Certificate.Subject}, valid until {keys.Seal.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}",
            seal.Status == HealthStatus.Healthy ? null : "receipts would not verify: configure the seal key that matches its certificate"));
        if (!options.Development.Insecure) checks.Add(ServerCertificate(keys.ServerCertificate));
        checks.Add(await TimeStampAsync(keys, ct));
        checks.Add(LogKey(options));
        checks.Add(await DatabaseAsync(builder.Configuration, options, ct));
        return checks;
    }

    /// <summary>Every configured key that lives in a token, with what it is for.</summary>
    private static IEnumerable<(string What, Pkcs11Uri Uri, string? CertificatePath, bool Ed25519)> TokenKeys(GatewayOptions options)
    {
        if (Pkcs11Uri.IsPkcs11(options.Seal.KeyPath)) yield return ("seal key", Pkcs11Uri.Parse(options.Seal.KeyPath!), options.Seal.CertificatePath, false);
        if (string.IsNullOrEmpty(options.Tsa.Url) && Pkcs11Uri.IsPkcs11(options.Tsa.Key.KeyPath))
            yield return ("tsa key", Pkcs11Uri.Parse(options.Tsa.Key.KeyPath!), options.Tsa.Key.CertificatePath, false);
        foreach (var (agency, key) in options.SigningKeys.Where(k => Pkcs11Uri.IsPkcs11(k.Value.KeyPath)))
            yield return ($"signing key {agency}", Pkcs11Uri.Parse(key.KeyPath!), key.CertificatePath, false);
        if (Pkcs11Uri.IsPkcs11(options.EvidenceLog.KeyPath)) yield return ("evidence log key", Pkcs11Uri.Parse(options.EvidenceLog.KeyPath!), null, true);
    }

    private static string TokenAdvice(string step) => step switch
    {
        "module" => "install the token's PKCS#11 module, or fix Gateway:Pkcs11:ModulePath (or module-path in the URI)",
        "token" => "check the token label in the URI (`gw keys list --token LABEL` shows a token's keys) and that the HSM is connected",
        "PIN source" => "set the PIN variable named by Gateway:Pkcs11:PinEnvironmentVariable, or fix pin-source=file:///...; a PIN is never taken from configuration",
        "key" => "check the key's object/id with `gw keys list`; store its certificate with `gw keys import-cert` or configure a certificate file",
        _ => "the key does not match its certificate, or the token refuses to sign with it",
    };

    private static DoctorCheck Agencies(GatewayOptions options)
    {
        try
        {
            var file = GatewayKeys.AgenciesFile(options) ?? throw new InvalidOperationException("Gateway:AgenciesFile is not configured and no PkiDirectory is set");
            var directory = AgencyDirectory.LoadJson(file);
            return new DoctorCheck("agencies", DoctorStatus.Ok, $"{file}: {directory.Agencies.Count} agencies");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Text.Json.JsonException or FormatException)
        {
            return new DoctorCheck("agencies", DoctorStatus.Failed, e.Message, "give Gateway:AgenciesFile: the agencies allowed to call, with their certificate subjects");
        }
    }

    private static DoctorCheck Anchors(GatewayKeys keys)
    {
        if (keys.Trust.Roots.Count == 0) return new DoctorCheck("trust anchors", DoctorStatus.Failed, "no root certificate", "give Gateway:TrustRoots (PEM file or folder)");
        var expired = keys.Trust.Roots.Where(c => c.NotAfter.ToUniversalTime() < DateTime.UtcNow).ToList();
        return expired.Count > 0
            ? new DoctorCheck("trust anchors", DoctorStatus.Failed, $"{expired.Count} of {keys.Trust.Roots.Count} roots expired: {string.Join(", ", expired.Select(c => c.Subject))}", "remove or renew the expired roots")
            : new DoctorCheck("trust anchors", DoctorStatus.Ok, $"{keys.Trust.Roots.Count} roots: {string.Join(", ", keys.Trust.Roots.Select(c => c.Subject))}");
    }

    private static DoctorCheck ServerCertificate(X509Certificate2? certificate)
    {
        if (certificate is null) return new DoctorCheck("tls certificate", DoctorStatus.Failed, "no server certificate", "configure Gateway:Tls");
        var status = Expiry(certificate);
        return new DoctorCheck("tls certificate", status, $"{certificate.Subject}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}",
            status == DoctorStatus.Ok ? null : "renew the server certificate");
    }

    private static DoctorStatus Expiry(X509Certificate2 certificate)
    {
        var notAfter = certificate.NotAfter.ToUniversalTime();
        if (notAfter < DateTime.UtcNow || certificate.NotBefore.ToUniversalTime() > DateTime.UtcNow) return DoctorStatus.Failed;
        return notAfter - DateTime.UtcNow < ExpiryWarning ? DoctorStatus.Warning : DoctorStatus.Ok;
    }

    private static async Task<DoctorCheck> TimeStampAsync(GatewayKeys keys, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var token = await keys.TimeStamps.GetTokenAsync(SHA256.HashData("gw doctor"u8.ToArray()), HashAlgorithmName.SHA256, timeout.Token).ConfigureAwait(false);
            return new DoctorCheck("tsa", DoctorStatus.Ok, $"{(keys.EmbeddedTsa is null ? "external TSA" : "embedded TSA")} answered ({token.Length}-byte token)");
        }
        catch (Exception e) when (e is Crypto.TimeStampException or OperationCanceledException or HttpRequestException)
        {
            return new DoctorCheck("tsa", DoctorStatus.Failed, e.Message, "no receipt can be issued without a time-stamp: check Gateway:Tsa:Url and that the TSA is reachable");
        }
    }

    private static DoctorCheck LogKey(GatewayOptions options)
    {
        if (Pkcs11Uri.IsPkcs11(options.EvidenceLog.KeyPath))
        {
            // Reached only when the token checks above passed.
            var (tokenSigner, owner) = LogSigner.Load(options);
            using (owner) return new DoctorCheck("evidence log key", DoctorStatus.Ok, $"{Pkcs11Uri.Parse(options.EvidenceLog.KeyPath!)}: {tokenSigner.VerifierKey}");
        }
        var path = options.EvidenceLog.KeyPath
                   ?? (string.IsNullOrEmpty(options.PkiDirectory) ? null : new Crypto.DevPkiLayout(Path.GetFullPath(options.PkiDirectory)).LogKey);
        if (path is null || !File.Exists(path))
            return new DoctorCheck("evidence log key", string.IsNullOrEmpty(options.EvidenceLog.KeyPath) ? DoctorStatus.Warning : DoctorStatus.Failed,
                $"{path ?? "(not configured)"} does not exist", "give Gateway:EvidenceLog:KeyPath (the development PKI makes one at the next `gw serve`)");
        try
        {
            var origin = string.IsNullOrEmpty(options.EvidenceLog.Origin) ? $"{options.Exchange.GatewayId}/evidence-log" : options.EvidenceLog.Origin;
            var signer = LogKeys.LoadSigner(path, origin);
            return new DoctorCheck("evidence log key", DoctorStatus.Ok, $"{path}: {signer.VerifierKey}");
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return new DoctorCheck("evidence log key", DoctorStatus.Failed, $"{path}: {e.Message}", "the key must be an Ed25519 private key in PKCS#8 PEM");
        }
    }

    private static async Task<DoctorCheck> DatabaseAsync(IConfiguration configuration, GatewayOptions options, CancellationToken ct)
    {
        string connectionString;
        try
        {
            connectionString = GatewayStorage.ConnectionString(configuration, Path.GetFullPath(options.DataDirectory));
        }
        catch (ArgumentException e)
        {
            return new DoctorCheck("database", DoctorStatus.Failed, e.Message, "set ConnectionStrings:Gateway to \"Data Source=...\" or \"Host=...\"");
        }
        var kind = ExchangeStores.KindOf(connectionString);
        if (kind == ExchangeStoreKind.Sqlite && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource is { } file && !File.Exists(file))
            return new DoctorCheck("database", DoctorStatus.Warning, $"SQLite {file} does not exist yet", "it is created at the first `gw serve` (or `gw db migrate`)");
        await using IExchangeStore store = kind == ExchangeStoreKind.Sqlite
            ? new SqliteExchangeStore(new SqliteExchangeStoreOptions { ConnectionString = connectionString })
            : new PostgresExchangeStore(new PostgresExchangeStoreOptions { ConnectionString = connectionString });
        try
        {
            await store.PingAsync(ct).ConfigureAwait(false);
            return new DoctorCheck("database", DoctorStatus.Ok, $"{kind} reachable, schema present");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return new DoctorCheck("database", DoctorStatus.Failed, $"{kind}: {e.Message}", "check ConnectionStrings:Gateway and that the database is up; run `gw db migrate` for a new database");
        }
    }
}
