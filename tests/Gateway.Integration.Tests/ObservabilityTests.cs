using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Gateway.Integration.Tests;

/// <summary>
/// Gateways of their own: /metrics after real calls (on the main TLS listener, on a separate plaintext
/// listener, and over plaintext HTTP/2 in development mode), the spans of one Submit, and readiness
/// (/readyz and gRPC health) with a TSA that does not answer.
/// </summary>
public sealed class ObservabilityTests() : OwnPkiTests("gw-observe")
{
    private async Task<(WebApplication App, string Address, GrpcChannel Channel)> StartAsync(string name, Action<Server.GatewayOptions>? configure = null)
    {
        var (app, address) = await GatewayFixture.StartAsync(Pki, Folder.File(name), configure);
        var channel = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), TrustStore.Load(Pki.RootsPem));
        return (app, address, channel);
    }

    /// <summary>HTTP/1.1 over the gateway's TLS, trusting the test PKI's server certificate: what a scraper with the CA configured does.</summary>
    private static HttpClient Https(string address) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { BaseAddress = new Uri(address) };

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/>; null when there is none.</summary>
    private static double? Sample(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        foreach (Match line in Regex.Matches(exposition, $@"^{Regex.Escape(metric)}\{{(?<labels>[^}}]*)\}} (?<value>\S+)", RegexOptions.Multiline))
        {
            var text = line.Groups["labels"].Value;
            if (labels.All(l => text.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [Fact]
    public async Task Metrics_count_receipts_and_calls_by_method_and_status_after_a_submit()
    {
        var (app, address, channel) = await StartAsync("metrics");
        await using var _ = app;
        using var __ = channel;
        var exchange = new Api.V1.Exchange.ExchangeClient(channel);
        await exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        await RpcAssert.FailsAsync(() => exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf(), mediaType: "x/y")).ResponseAsync,
            StatusCode.InvalidArgument, "MEDIA_TYPE_NOT_ALLOWED");

        using var http = Https(address);
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await response.Content.ReadAsStringAsync();

        Assert.True(Sample(metrics, "gateway_receipts_issued_total", ("event", "SubmissionAcceptance")) >= 1, metrics);
        Assert.True(Sample(metrics, "gateway_receipts_issued_total", ("event", "SubmissionRejection")) >= 1, metrics);
        const string submit = "/gateway.v1.Exchange/Submit";
        Assert.True(Sample(metrics, "gateway_rpc_server_requests_total", ("rpc_method", submit), ("rpc_grpc_status_code", "OK")) >= 1, metrics);
        Assert.True(Sample(metrics, "gateway_rpc_server_requests_total", ("rpc_method", submit), ("rpc_grpc_status_code", "InvalidArgument")) >= 1, metrics);
        Assert.True(Sample(metrics, "gateway_rpc_server_duration_seconds_count", ("rpc_method", submit), ("rpc_grpc_status_code", "OK")) >= 1, metrics);
        Assert.True(Sample(metrics, "gateway_tsa_duration_seconds_count", ("purpose", "receipt"), ("outcome", "ok")) >= 2, metrics);
        Assert.True(Sample(metrics, "gateway_seal_sign_duration_seconds_count", ("outcome", "ok")) >= 2, metrics);
        Assert.True(Sample(metrics, "gateway_receipt_seal_duration_seconds_count", ("event", "SubmissionAcceptance"), ("outcome", "ok")) >= 1, metrics);
        Assert.Matches(new Regex(@"^gateway_evidence_log_seconds_since_seal_seconds(\{[^}]*\})? ", RegexOptions.Multiline), metrics);
        Assert.Matches(new Regex(@"^gateway_db_write_queue_length(\{[^}]*\})? \d", RegexOptions.Multiline), metrics);
        Assert.Matches(new Regex(@"^gateway_inbox_unacknowledged(\{[^}]*\})? \d", RegexOptions.Multiline), metrics);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_separate_observability_listener_serves_plain_http_and_the_main_listener_then_does_not()
    {
        var port = LoopbackPort.Free();
        var (app, address, channel) = await StartAsync("listener", o => o.Observability.Listen = $"http://127.0.0.1:{port}");
        await using var _ = app;
        using var __ = channel;
        Assert.Equal($"http://127.0.0.1:{port}", Server.GatewayHost.ObservabilityAddress(app));
        await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var metrics = await plain.GetStringAsync("/metrics");
        Assert.True(Sample(metrics, "gateway_receipts_issued_total", ("event", "SubmissionAcceptance")) >= 1, metrics);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/readyz")).StatusCode);

        using var https = Https(address);
        Assert.Equal(HttpStatusCode.NotFound, (await https.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await https.GetAsync("/readyz")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task In_development_mode_metrics_are_served_over_plaintext_http2()
    {
        var (app, address) = await GatewayFixture.StartAsync(Pki, Folder.File("insecure"), o =>
        {
            o.Development.Insecure = true;
            o.Listen = "http://127.0.0.1:0";
        });
        await using var _ = app;
        using var http = new HttpClient
        {
            BaseAddress = new Uri(address),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gateway_evidence_log_size", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public async Task One_submit_is_one_trace_of_nested_spans_tagged_with_its_message_id()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Gateway",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var (app, _, channel) = await StartAsync("traces");
        await using var __ = app;
        using var ___ = channel;
        var response = await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));

        var submit = Assert.Single(stopped, a => a.OperationName == "gateway.submit" && (string?)a.GetTagItem("gateway.message_id") == response.MessageId);
        Assert.Equal("agency-a", submit.GetTagItem("gateway.sender_agency"));
        Assert.Equal("agency-b", submit.GetTagItem("gateway.recipient_agency"));
        Assert.NotNull(submit.GetTagItem("gateway.receipt_id"));
        Assert.NotEqual(ActivityStatusCode.Error, submit.Status);

        var trace = stopped.Where(a => a.TraceId == submit.TraceId).ToList();
        Activity Child(string name, Activity parent) => Assert.Single(trace, a => a.OperationName == name && a.ParentSpanId == parent.SpanId);
        Child("gateway.store_document", submit);
        Child("gateway.validate_signatures", submit);
        var issue = Child("gateway.issue_receipt", submit);
        Assert.Equal(response.MessageId, issue.GetTagItem("gateway.message_id"));
        Assert.Equal(submit.GetTagItem("gateway.receipt_id"), issue.GetTagItem("gateway.receipt_id"));
        Child("gateway.sign", issue);
        Assert.Equal("receipt", Child("gateway.time_stamp", issue).GetTagItem("gateway.tsa.purpose"));
        Assert.Equal(response.MessageId, Child("gateway.store_submission", submit).GetTagItem("gateway.message_id"));
        await app.StopAsync();
    }

    [Fact]
    public async Task Traces_are_collected_only_when_an_otlp_endpoint_is_configured()
    {
        var (plain, _, plainChannel) = await StartAsync("no-otlp");
        await using (plain)
        {
            using var __ = plainChannel;
            Assert.Null(plain.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
            await plain.StopAsync();
        }

        // Nothing listens there: export fails in the background, and the exchange must not notice.
        var (app, _, channel) = await StartAsync("otlp", o => o.Observability.OtlpEndpoint = $"http://127.0.0.1:{LoopbackPort.Free()}");
        await using var ___ = app;
        using var ____ = channel;
        Assert.NotNull(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        var response = await new Api.V1.Exchange.ExchangeClient(channel).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        Assert.False(string.IsNullOrEmpty(response.MessageId));
        await app.StopAsync();
    }

    [Fact]
    public async Task Readiness_lists_each_check_and_is_ready_with_working_dependencies()
    {
        var (app, address, channel) = await StartAsync("ready");
        await using var _ = app;
        using var __ = channel;
        using var http = Https(address);
        var response = await http.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = Checks(body);
        foreach (var name in new[] { "gateway", "database", "key-store", "tsa", "evidence-log" })
            Assert.True(checks.TryGetValue(name, out var status) && status == "Healthy", body);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_tsa_that_does_not_answer_makes_the_gateway_not_ready_and_readiness_names_it()
    {
        var (app, address, channel) = await StartAsync("no-tsa", o => o.Tsa.Url = $"http://127.0.0.1:{LoopbackPort.Free()}/tsa");
        await using var _ = app;
        using var __ = channel;
        using var http = Https(address);
        var response = await http.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = Checks(body);
        Assert.Equal("Unhealthy", checks["tsa"]);
        Assert.Contains(TimeStampException.Unreachable, body);
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["key-store"]);
        // Liveness is about the process, not its dependencies.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        var health = new Health.HealthClient(channel);
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "gateway.v1.Exchange" })).Status);
        await app.StopAsync();
    }

    [Fact]
    public async Task Submit_and_acknowledge_log_their_message_and_receipt_ids_and_acknowledge_scopes_its_lines_with_the_message_id()
    {
        var app = Server.GatewayHost.Build(["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Gateway.Server.Services=Information"], o =>
        {
            o.Listen = "https://127.0.0.1:0";
            o.DataDirectory = Folder.File("logs");
            o.PkiDirectory = Pki.Directory;
            o.Development.RevocationListen = null;
        });
        await using var _ = app;
        var logs = new CapturingLoggerProvider();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        var address = Server.GatewayHost.BoundAddresses(app).Single();
        var trust = TrustStore.Load(Pki.RootsPem);
        using var a = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), trust);
        using var b = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-b"), Pki.AgencyClientKey("agency-b"), trust);

        var submitted = await new Api.V1.Exchange.ExchangeClient(a).SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        var acknowledged = await new Api.V1.Exchange.ExchangeClient(b).AcknowledgeAsync(new AcknowledgeRequest { MessageId = submitted.MessageId });

        var submit = Assert.Single(logs.Entries, e => e.Message.Contains("accepted with receipt") && Equals(e.Properties.GetValueOrDefault("MessageId"), submitted.MessageId));
        Assert.Equal("agency-a", submit.Properties["SenderAgency"]);
        Assert.Equal("agency-b", submit.Properties["RecipientAgency"]);
        Assert.Equal(submitted.Receipt.ReceiptId, submit.Properties["ReceiptId"]);
        Assert.True(submit.Properties.ContainsKey("IdempotencyKey"), "the submission scope");

        var ack = Assert.Single(logs.Entries, e => e.Message.Contains("acknowledged by") && Equals(e.Properties.GetValueOrDefault("MessageId"), submitted.MessageId));
        Assert.Equal("agency-b", ack.Properties["RecipientAgency"]);
        Assert.Equal(acknowledged.Receipt.ReceiptId, ack.Properties["ReceiptId"]);
        Assert.Contains(ack.Scopes, scope => Equals(scope.GetValueOrDefault("MessageId"), submitted.MessageId));
        await app.StopAsync();
    }

    private sealed record LogEntry(string Category, string Message, Dictionary<string, object?> Properties, List<Dictionary<string, object?>> Scopes);

    /// <summary>Keeps every log line with its structured properties and those of its scopes (ASP.NET Core's scopes included).</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private static Dictionary<string, object?> Properties(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.Where(p => p.Key != "{OriginalFormat}").GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value) : [];

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = Properties(state);
                var scopes = new List<Dictionary<string, object?>>();
                provider._scopes.ForEachScope((scope, list) => list.Add(Properties(scope)), scopes);
                foreach (var scope in scopes)
                    foreach (var (key, value) in scope) properties.TryAdd(key, value);
                provider.Entries.Enqueue(new LogEntry(category, formatter(state, exception), properties, scopes));
            }
        }
    }

    private static Dictionary<string, string> Checks(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
    }
}
