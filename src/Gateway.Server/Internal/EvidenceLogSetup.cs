using Gateway.Crypto;
using Gateway.EvidenceLog;
using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Internal;

/// <summary>Opens the evidence log the gateway runs with and wires its sealing, health and service.</summary>
internal static class EvidenceLogSetup
{
    public const string HealthCheckName = "evidence-log";

    /// <summary>
    /// The log in the gateway's database, with the configured key (or the development PKI's, made on
    /// first start) and the configured checkpoint TSA (or the gateway's own TSA source).
    /// </summary>
    public static EvidenceLogStore Open(GatewayOptions options, GatewayKeys keys, string connectionString, ServerTelemetry telemetry)
    {
        var logOptions = options.EvidenceLog;
        logOptions.Origin = LogSigner.Origin(options);
        var previous = LogSigner.PreviousKeys(options);
        var (signer, owner) = LogSigner.Load(options);
        // A token key stays open as long as the gateway's other keys.
        if (owner is not null) keys.Own(owner);
        ITimeStampSource timeStamps = string.IsNullOrEmpty(logOptions.TsaUrl)
            ? keys.TimeStamps
            : new HttpTimeStampClient(new Uri(logOptions.TsaUrl), timeout: logOptions.TsaTimeout);
        var measured = new MeasuredTimeStampSource(timeStamps, "checkpoint", telemetry);
        EvidenceLogStore log = Exchange.ExchangeStores.KindOf(connectionString) == Exchange.ExchangeStoreKind.Postgres
            ? new PostgresEvidenceLog(connectionString, logOptions, signer, measured)
            : new SqliteEvidenceLog(connectionString, logOptions, signer, measured);
        try
        {
            log.UseKey(signer, previous);
            log.OpenAsync().GetAwaiter().GetResult();
        }
        catch
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return log;
    }

    /// <summary>
    /// The log as a service, its sealing loop, and health: "gateway.v1.EvidenceLog" follows the log;
    /// "gateway.v1.Exchange" and the server as a whole ("") follow it too when the log is fail-closed
    /// (they then refuse receipts), and ignore it when it keeps accepting.
    /// </summary>
    public static void AddEvidenceLog(IServiceCollection services, EvidenceLogStore log)
    {
        // A factory, not an instance: the container then disposes the log (and releases its process lock) with the host.
        services.AddSingleton(_ => log);
        services.AddHostedService<EvidenceLogSealing>();
        services.AddHealthChecks().AddCheck<EvidenceLogHealthCheck>(HealthCheckName);
        // PostConfigure: after AddGrpcHealthChecks' own defaults, whatever the order of registration.
        services.PostConfigure<GrpcHealthChecksOptions>(o =>
        {
            // AddGrpcHealthChecks maps "" to every check; a second mapping of a name would not replace it.
            o.Services.Remove("");
            o.Services.Map("", c => DecidesReadiness(c.Name, log));
            o.Services.Map("gateway.v1.Exchange", c => DecidesReadiness(c.Name, log));
            o.Services.Map("gateway.v1.EvidenceLog", c => c.Name == HealthCheckName);
        });
    }

    /// <summary>
    /// Whether a check decides the server's readiness (gRPC health "" and "gateway.v1.Exchange", HTTP /readyz):
    /// every check, and the log's only when the log is fail-closed.
    /// </summary>
    public static bool DecidesReadiness(string checkName, EvidenceLogStore log) => checkName != HealthCheckName || !log.Options.AcceptWhileUnsealed;
}
