using Gateway.Server.Internal.Binding;
using System.Net;
using System.Security.Authentication;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Gateway.Server.Internal.VerificationPage;
using Gateway.Server.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Server;

/// <summary>
/// Builds the gateway process: Kestrel with TLS (client certificates optional at the TLS layer,
/// required by every gateway.v1 call), the gRPC services, health, reflection, the TSA endpoint and the public
/// verification page (/verify, /v/{id}).
/// </summary>
public static class GatewayHost
{
    /// <summary>
    /// Creates or upgrades the database the configuration names (the exchange's tables and the evidence log's)
    /// and returns the connection string's kind, without serving. Safe while instances run or start: every
    /// migration holds a database lock (SQLite's write lock, a PostgreSQL advisory lock).
    /// </summary>
    public static async Task<string> MigrateAsync(string[] args, Action<GatewayOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var options = LoadOptions(builder, configure);
        using var keys = GatewayKeys.Load(options);
        using var telemetry = new ServerTelemetry();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var connectionString = GatewayStorage.ConnectionString(builder.Configuration, dataDirectory);
        var (log, store) = GatewayStorage.Open(options, keys, connectionString, telemetry);
        await store.DisposeAsync();
        await log.DisposeAsync();
        return ExchangeStores.KindOf(connectionString).ToString();
    }

    private static GatewayOptions LoadOptions(WebApplicationBuilder builder, Action<GatewayOptions>? configure) => Bind(builder.Configuration, configure);

    /// <summary>The options as configured now (also after a reload), with the command's own adjustments applied last.</summary>
    internal static GatewayOptions Bind(IConfiguration configuration, Action<GatewayOptions>? configure)
    {
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.Section).Bind(options);
        configure?.Invoke(options);
        return options;
    }

    /// <param name="logging">Adds to the host's logging (tests capture the audit trail with it; embedders add providers).</param>
    public static WebApplication Build(string[] args, Action<GatewayOptions>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        // The security audit trail is written whatever the default level: a quieter log must not lose it.
        builder.Logging.AddFilter(SecurityAudit.Category, LogLevel.Information);
        logging?.Invoke(builder.Logging);
        var options = LoadOptions(builder, configure);

        // A bad catalogue or policy file stops the start with its file, line and position.
        options.Exchange.Catalogue = Evidence.MethodCatalogue.Load(NullIfBlank(options.Methods.CataloguePath));
        if (NullIfBlank(options.Methods.PolicyPath) is { } policyPath) options.Exchange.MethodPolicy = Evidence.MethodPolicy.Load(policyPath, options.Exchange.Catalogue);
        if (NullIfBlank(options.Tsa.Url) is { } tsaUrl) options.Exchange.TimeStampAuthority = tsaUrl;

        var keys = GatewayKeys.Load(options);
        var telemetry = new ServerTelemetry();
        var agenciesFile = GatewayKeys.AgenciesFile(options)
                           ?? throw new InvalidOperationException("Gateway:AgenciesFile is not configured and no PkiDirectory is set");
        var agencies = AgencyDirectory.LoadJson(agenciesFile);
        // Now rather than on the first call, so that a CRL path that does not exist stops the start.
        var clientCrls = GatewayKeys.ClientCrlPaths(options);

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var connectionString = GatewayStorage.ConnectionString(builder.Configuration, dataDirectory);
        Gateway.EvidenceLog.EvidenceLogStore evidenceLog;
        IExchangeStore store;
        try
        {
            (evidenceLog, store) = GatewayStorage.Open(options, keys, connectionString, telemetry);
        }
        catch
        {
            // A token key would otherwise keep its token logged in for the rest of the process.
            keys.Dispose();
            throw;
        }
        var blobs = new ContentAddressedBlobStore(new BlobStoreOptions { RootDirectory = Path.Combine(dataDirectory, "blobs") });

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(_ => keys);
        services.AddSingleton<IExchangeStore>(_ => store);
        services.AddSingleton(blobs);
        services.AddSingleton(agencies);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SecurityAudit>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton(sp => new ReceiptIssuer(new MeasuredSigningKey(keys.Seal, telemetry), new MeasuredTimeStampSource(keys.TimeStamps, "receipt", telemetry)));
        services.AddSingleton(sp => new Pkix.CertificateValidator(keys.Trust, new RevocationClient(), options.Validation, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Validation.DocumentValidator(sp.GetRequiredService<Pkix.CertificateValidator>(), clock: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ExchangeCoordinator(store, blobs, sp.GetRequiredService<ReceiptIssuer>(), agencies, options.Exchange,
            sp.GetRequiredService<InboxSignal>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Validation.DocumentValidator>()) { EvidenceLog = evidenceLog });
        services.AddSingleton(sp => new LoggedReceiptIssuer(sp.GetRequiredService<ReceiptIssuer>(), evidenceLog));
        EvidenceLogSetup.AddEvidenceLog(services, evidenceLog);
        services.AddSingleton(sp => new AgencyAuthenticator(keys.ClientCa, agencies, options.Development.Insecure, sp.GetRequiredService<TimeProvider>(),
            new ClientRevocationLists(clientCrls)));
        services.AddSingleton(sp => new AgencySigners(options, keys));
        // Rotation follows configuration reloads (a changed appsettings.json, or SIGHUP) for as long as the host runs.
        services.AddSingleton(sp => new KeyRotation(sp.GetRequiredService<IConfiguration>(), configure, options, keys, sp.GetRequiredService<ReceiptIssuer>(),
            sp.GetRequiredService<AgencySigners>(), evidenceLog, telemetry, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<KeyRotation>>()));
        services.AddHostedService(sp => sp.GetRequiredService<KeyRotation>());
        // Made now rather than on the first call, so that a bad Gateway:Limits setting stops the start.
        services.AddSingleton(new AgencyLimiter(options.Limits, TimeProvider.System));
        services.AddGrpc(grpc =>
        {
            // First, so that it is the outermost and counts the status the caller gets.
            grpc.Interceptors.Add<RequestMetricsInterceptor>();
            grpc.Interceptors.Add<GatewayInterceptor>();
            // Room for the header fields around a document at the unary limit, so that one slightly too
            // large still reaches the exchange and gets a rejection receipt rather than a bare transport error.
            grpc.MaxReceiveMessageSize = checked((int)options.Exchange.MaxUnaryBytes + 256 * 1024);
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("gateway", () => HealthCheckResult.Healthy());
        ObservabilitySetup.AddObservability(services, builder.Configuration, options, telemetry, keys, evidenceLog);
        VerificationPageSetup.AddVerificationPage(services, options.VerificationPage);

        var revocation = DevelopmentRevocation(options);
        ConfigureKestrel(builder.WebHost, options, keys, revocation?.Port, ObservabilitySetup.Listener(options));

        // Last: AddGrpc, which the health and reflection registrations call again, registers grpc-dotnet's own binder.
        StrictServiceBinding.Use(services);
        var app = builder.Build();
        app.MapGrpcService<ExchangeService>();
        app.MapGrpcService<TimestampingService>();
        app.MapGrpcService<VerificationService>();
        app.MapGrpcService<DiagnosticsService>();
        app.MapGrpcService<SigningService>();
        app.MapGrpcService<EvidenceLogService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        TsaEndpoint.Map(app, keys);
        ObservabilitySetup.MapEndpoints(app, options, c => EvidenceLogSetup.DecidesReadiness(c.Name, evidenceLog));
        VerificationPageSetup.Map(app, options);
        if (revocation is { } dev)
        {
            var responder = OcspResponder.ForDevPki(dev.Pki);
            app.Lifetime.ApplicationStopped.Register(responder.Dispose);
            DevelopmentRevocationEndpoints.Map(app, dev.Pki, responder, dev.Port);
        }
        return app;
    }

    /// <summary>The development revocation port, when a development PKI with an OCSP key is in use and the option is set.</summary>
    private static (DevPkiLayout Pki, int Port)? DevelopmentRevocation(GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.Development.RevocationListen) || string.IsNullOrEmpty(options.PkiDirectory)) return null;
        var pki = new DevPkiLayout(Path.GetFullPath(options.PkiDirectory));
        if (!File.Exists(pki.OcspKey)) return null;
        var url = new Uri(options.Development.RevocationListen);
        return (pki, url.Port);
    }

    /// <summary>The addresses Kestrel actually bound (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        AllAddresses(app).Where(a => a != DevelopmentRevocationAddress(app) && a != ObservabilityAddress(app)).ToList();

    /// <summary>Where /metrics, /healthz and /readyz are served when Gateway:Observability:Listen is set.</summary>
    public static string? ObservabilityAddress(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (ObservabilitySetup.Listener(options) is not { } listener) return null;
        return AllAddresses(app).FirstOrDefault(a => new Uri(a).Port == listener.Port);
    }

    /// <summary>Where the development PKI's OCSP responder and CRLs are served, if they are.</summary>
    public static string? DevelopmentRevocationAddress(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (DevelopmentRevocation(options) is not { } dev) return null;
        return AllAddresses(app).FirstOrDefault(a => new Uri(a).Port == dev.Port);
    }

    private static IEnumerable<string> AllAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    private static void ConfigureKestrel(IWebHostBuilder web, GatewayOptions options, GatewayKeys keys, int? revocationPort,
        (IPAddress Address, int Port)? observability)
    {
        var listen = new Uri(options.Listen);
        var secure = !options.Development.Insecure;
        if (secure != (listen.Scheme == Uri.UriSchemeHttps))
            throw new InvalidOperationException($"Gateway:Listen is {options.Listen}: use https:// (or http:// only with Gateway:Development:Insecure=true)");

        web.ConfigureKestrel(kestrel =>
        {
            // Streams are bounded per document by the exchange; the TSA endpoint bounds its own body.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            void Configure(ListenOptions listenOptions)
            {
                if (!secure)
                {
                    // Plaintext can only be HTTP/2 with prior knowledge, which gRPC clients do.
                    listenOptions.Protocols = HttpProtocols.Http2;
                    return;
                }
                listenOptions.Protocols = HttpProtocols.Http1AndHttp2;
                listenOptions.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = keys.ServerCertificate,
                    ServerCertificateChain = keys.ServerChain,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    // The gateway judges client certificates itself (AgencyAuthenticator) against its own roots.
                    ClientCertificateValidation = (_, _, _) => true,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            }

            if (revocationPort is { } port)
            {
                // Loopback only: in development the responder answers for the development PKI alone.
                kestrel.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http1);
            }

            if (observability is { } metrics)
            {
                // Plain HTTP/1.1, which every scraper and probe speaks; loopback unless configured otherwise.
                kestrel.Listen(metrics.Address, metrics.Port, o => o.Protocols = HttpProtocols.Http1);
            }

            if (listen.Host is "localhost")
            {
                kestrel.ListenLocalhost(listen.Port, Configure);
            }
            else if (IPAddress.TryParse(listen.Host.Trim('[', ']'), out var address))
            {
                kestrel.Listen(address, listen.Port, Configure);
            }
            else
            {
                kestrel.ListenAnyIP(listen.Port, Configure);
            }
        });
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
