using System.Net;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Server.Internal;

/// <summary>
/// Metrics (OpenTelemetry, scraped at <c>/metrics</c> in the Prometheus format), traces (OTLP, only when
/// an endpoint is configured), the readiness checks (database, key store, TSA) and the HTTP health
/// endpoints <c>/healthz</c> and <c>/readyz</c>.
/// </summary>
internal static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    /// <summary>The standard variable the OTLP exporter reads by itself.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Every meter the gateway's code and the ASP.NET Core host fill (Kestrel: connections; Hosting: HTTP requests), and
    /// the .NET runtime's (GC heap sizes, working set, thread pool): what a soak test watches for growth.
    /// </summary>
    public static readonly string[] Meters =
    [
        ServerTelemetry.MeterName, "Gateway.Evidence", "Gateway.EvidenceLog", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime",
    ];

    public static void AddObservability(IServiceCollection services, IConfiguration configuration, GatewayOptions options, ServerTelemetry telemetry,
        GatewayKeys keys, EvidenceLogStore evidenceLog)
    {
        var observability = options.Observability;
        // A factory, not an instance: the container then disposes the meter with the host.
        services.AddSingleton(_ => telemetry);
        services.AddSingleton(observability);
        // SQLite's group-commit queue; PostgreSQL has none (each write is its own transaction on a pooled connection).
        if (evidenceLog is SqliteEvidenceLog sqlite) telemetry.ObserveWriteQueue(() => sqlite.Writes.Pending);
        services.AddHostedService<InboxDepthSampler>();

        var readinessTimeStamps = new MeasuredTimeStampSource(keys.TimeStamps, "readiness", telemetry);
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(DatabaseHealthCheck.Name,
                sp => new DatabaseHealthCheck(sp.GetRequiredService<IExchangeStore>(), observability, sp.GetRequiredService<TimeProvider>()), null, null))
            // The seal key itself, not the measured one: readiness signatures would skew the signing latency.
            .Add(new HealthCheckRegistration(KeyStoreHealthCheck.Name,
                sp => new KeyStoreHealthCheck(() => keys.Seal, observability, sp.GetRequiredService<TimeProvider>()), null, null))
            .Add(new HealthCheckRegistration(TimeStampHealthCheck.Name,
                sp => new TimeStampHealthCheck(readinessTimeStamps, observability, sp.GetRequiredService<TimeProvider>()), null, null));

        var otlpEndpoint = NullIfBlank(observability.OtlpEndpoint);
        var otlp = otlpEndpoint is not null || NullIfBlank(configuration[OtlpEndpointVariable]) is not null;
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gateway", serviceInstanceId: options.Exchange.GatewayId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter(o => { if (otlpEndpoint is not null) o.Endpoint = new Uri(otlpEndpoint); });
            });
        // Without an exporter nothing listens to the "Gateway" source, and StartActivity costs a null check.
        if (otlp)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ServerTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o => { if (otlpEndpoint is not null) o.Endpoint = new Uri(otlpEndpoint); }));
        }
    }

    /// <summary>The separate metrics listener, when <see cref="ObservabilityOptions.Listen"/> is set.</summary>
    public static (IPAddress Address, int Port)? Listener(GatewayOptions options)
    {
        if (NullIfBlank(options.Observability.Listen) is not { } listen) return null;
        var uri = new Uri(listen);
        if (uri.Scheme != Uri.UriSchemeHttp)
            throw new InvalidOperationException($"Gateway:Observability:Listen is {listen}: it is a plaintext HTTP/1.1 listener, so use http://");
        if (uri.Port <= 0) throw new InvalidOperationException($"Gateway:Observability:Listen is {listen}: name a port");
        var address = uri.Host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed
            : throw new InvalidOperationException($"Gateway:Observability:Listen is {listen}: use an IP address (127.0.0.1 keeps it on this host)");
        return (address, uri.Port);
    }

    /// <summary>
    /// /metrics, /healthz (liveness: the process answers) and /readyz (readiness: every check that also
    /// decides the gRPC health of the server as a whole, 503 when any is unhealthy). Only on the
    /// observability listener when there is one.
    /// </summary>
    public static void MapEndpoints(WebApplication app, GatewayOptions options, Func<HealthCheckRegistration, bool> readiness)
    {
        var port = Listener(options)?.Port;
        void Restrict(IEndpointConventionBuilder endpoint)
        {
            if (port is { } p) endpoint.RequireHost($"*:{p}");
        }

        Restrict(app.MapPrometheusScrapingEndpoint(MetricsPath));
        Restrict(app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }));
        Restrict(app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = readiness,
            ResponseWriter = ReadinessResponse.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
