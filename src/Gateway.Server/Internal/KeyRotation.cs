using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Evidence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Gateway.Server.Internal;

/// <summary>
/// Key rotation without a restart: when the configuration is reloaded (appsettings.json changed on disk, or
/// SIGHUP, which re-reads every configuration source), the seal, the agencies' signing keys and the evidence
/// log's key are loaded again wherever their settings changed, checked, and made current. A key that fails to
/// load or to sign leaves the current one in place (and says why in the log). Earlier keys stay trusted: the
/// replaced seal's certificate joins the previous seals and the replaced log key the previous log keys.
/// </summary>
internal sealed partial class KeyRotation(
    IConfiguration configuration,
    Action<GatewayOptions>? configure,
    GatewayOptions started,
    GatewayKeys keys,
    ReceiptIssuer issuer,
    AgencySigners signers,
    EvidenceLogStore log,
    ServerTelemetry telemetry,
    ILogger<KeyRotation> logger) : IHostedService, IDisposable
{
    private readonly object _gate = new();
    private string _seal = SealSettings(started);
    private string _agencies = AgencySettings(started);
    private string _log = LogSettings(started);
    private IDisposable? _subscription;
    private PosixSignalRegistration? _hangUp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload());
        if (!OperatingSystem.IsWindows() && configuration is IConfigurationRoot root)
        {
            // SIGHUP would end the process by default; operators expect it to re-read the configuration instead.
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                root.Reload();
            });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _hangUp?.Dispose();
    }

    /// <summary>Applies the key settings of the current configuration; returns what was rotated ("seal", "agency keys", "log key").</summary>
    internal IReadOnlyList<string> Reload()
    {
        var rotated = new List<string>();
        lock (_gate)
        {
            GatewayOptions next;
            try
            {
                next = GatewayHost.Bind(configuration, configure);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                Failed(logger, "configuration", e.Message);
                return rotated;
            }
            // Each key separately: one that cannot be loaded does not hold back the others.
            Try("seal", SealSettings(next), ref _seal, () => RotateSeal(next), rotated);
            Try("agency keys", AgencySettings(next), ref _agencies, () => signers.Reload(next), rotated);
            Try("log key", LogSettings(next), ref _log, () => RotateLogKey(next), rotated);
        }
        return rotated;
    }

    private void Try(string what, string settings, ref string current, Action rotate, List<string> rotated)
    {
        if (settings == current) return;
        try
        {
            rotate();
            current = settings;
            rotated.Add(what);
        }
        // A reload comes from a file watcher or a signal handler: nothing above it could handle a failure, and
        // the gateway must keep serving with the keys it has. The messages name paths and URIs, never secrets.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failed(logger, what, e.Message);
        }
    }

    private void RotateSeal(GatewayOptions next)
    {
        DevPkiLayout? pki = string.IsNullOrEmpty(next.PkiDirectory) ? null : new DevPkiLayout(Path.GetFullPath(next.PkiDirectory));
        var seal = GatewayKeys.LoadKey(next.Seal, next.Pkcs11, pki, l => l.SealCertificate, l => l.SealKey, "Seal");
        try
        {
            var previous = GatewayKeys.PreviousCertificates(next.Seal);
            var health = KeyStoreHealthCheck.Check(seal, TimeProvider.System);
            if (health.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                throw new InvalidOperationException($"the new seal key is not usable: {health.Description}");
            keys.RotateSeal(seal, previous);
        }
        catch
        {
            (seal as IDisposable)?.Dispose();
            throw;
        }
        issuer.UseSealKey(new MeasuredSigningKey(seal, telemetry));
        SealRotated(logger, seal.Certificate.Subject, seal.Certificate.SerialNumber, keys.PreviousSeals.Count);
    }

    private void RotateLogKey(GatewayOptions next)
    {
        var previous = LogSigner.PreviousKeys(next);
        var (signer, owner) = LogSigner.Load(next);
        try
        {
            log.UseKey(signer, previous);
        }
        catch
        {
            owner?.Dispose();
            throw;
        }
        if (owner is not null) keys.Own(owner);
        LogKeyRotated(logger, signer.VerifierKey, log.PreviousVerifierKeys.Count);
    }

    // What decides whether a key is loaded again: its settings and the PKCS#11 settings it is reached with.
    private static string SealSettings(GatewayOptions o) => JsonSerializer.Serialize(new { o.Seal, o.Pkcs11, o.PkiDirectory });

    private static string AgencySettings(GatewayOptions o) => JsonSerializer.Serialize(new { o.SigningKeys, o.Pkcs11, o.PkiDirectory });

    private static string LogSettings(GatewayOptions o) =>
        JsonSerializer.Serialize(new { Path = LogSigner.ConfiguredPath(o), o.EvidenceLog.PreviousKeys, o.Pkcs11 });

    [LoggerMessage(1, LogLevel.Information, "key rotation: receipts are now sealed by {Subject} (serial {Serial}); {Previous} earlier seal certificates stay trusted")]
    private static partial void SealRotated(ILogger logger, string subject, string serial, int previous);

    [LoggerMessage(2, LogLevel.Information, "key rotation: checkpoints are now signed by {VerifierKey}; {Previous} earlier log keys stay published")]
    private static partial void LogKeyRotated(ILogger logger, string verifierKey, int previous);

    [LoggerMessage(3, LogLevel.Error, "key rotation of the {What} failed, the current key stays in use: {Reason}")]
    private static partial void Failed(ILogger logger, string what, string reason);
}
