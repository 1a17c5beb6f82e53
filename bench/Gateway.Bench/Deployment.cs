using System.Globalization;
using System.Net;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Bench;

/// <summary>
/// What the load runs against, and the client side of it:
/// <list type="bullet">
/// <item>`sqlite`: the default deployment, one `gw serve` over TLS with agency client certificates and its own SQLite store;</item>
/// <item>`postgres`: a throwaway PostgreSQL cluster, N `gw serve` instances on it in development plaintext mode (the agency
/// named by the x-gateway-agency header) sharing the PKI and document folders, and nginx in front, also for N = 1, so
/// that one and two instances are compared through the same path.</item>
/// </list>
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    private readonly DirectoryInfo _work;
    private readonly DevPkiLayout _pki;
    private readonly PostgresCluster? _postgres;
    private readonly NginxBalancer? _nginx;
    private readonly List<GrpcChannel> _channels = [];
    private readonly HttpClient _metrics;

    private Deployment(DirectoryInfo work, DevPkiLayout pki, IReadOnlyList<GatewayServer> instances, PostgresCluster? postgres, NginxBalancer? nginx, string address)
    {
        _work = work;
        _pki = pki;
        Instances = instances;
        _postgres = postgres;
        _nginx = nginx;
        Address = address;
        _metrics = Secure ? new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustsDevRoots } }) : new HttpClient();
        if (!Secure)
        {
            // The plaintext development listener speaks HTTP/2 only: prior knowledge, no upgrade.
            _metrics.DefaultRequestVersion = HttpVersion.Version20;
            _metrics.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    public IReadOnlyList<GatewayServer> Instances { get; }

    /// <summary>Whether the last /metrics scrape answered (null before the first): tells "no heap gauge" from "no endpoint".</summary>
    public bool? MetricsReachable { get; private set; }

    /// <summary>Where clients connect: the single TLS instance, or nginx.</summary>
    public string Address { get; }

    public bool Secure => _postgres is null;

    public string Description => Secure
        ? "1 instance, SQLite, TLS with client certificates, direct"
        : $"{Instances.Count} instance{(Instances.Count == 1 ? "" : "s")}, PostgreSQL, plaintext HTTP/2 (--dev-insecure) behind nginx";

    public static async Task<Deployment> StartSqliteAsync(string gw)
    {
        var work = Directory.CreateTempSubdirectory("gw-bench-");
        var pki = DevPki.Create(Path.Combine(work.FullName, "pki"));
        var server = await GatewayServer.StartAsync(gw, ["--urls", "https://127.0.0.1:0", "--data", Path.Combine(work.FullName, "data"), "--pki", pki.Directory]);
        return new Deployment(work, pki, [server], null, null, server.Address);
    }

    public static async Task<Deployment> StartPostgresAsync(string gw, int instances, IEnumerable<string> settings)
    {
        var work = Directory.CreateTempSubdirectory("gw-bench-");
        var pki = DevPki.Create(Path.Combine(work.FullName, "pki"));
        var postgres = PostgresCluster.Start(PostgresCluster.FindBinDirectory()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (make deps installs them)"));
        var servers = new List<GatewayServer>();
        try
        {
            // One after the other: the first creates the schema.
            for (var i = 0; i < instances; i++)
            {
                var port = LoopbackPort.Free();
                servers.Add(await GatewayServer.StartAsync(gw, ["--dev-insecure", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(work.FullName, "data"),
                    "--pki", pki.Directory, $"--ConnectionStrings:Gateway={postgres.ConnectionString("postgres", maxPoolSize: 50)}", .. settings]));
            }
            var nginx = await NginxBalancer.StartAsync(Path.Combine(work.FullName, "nginx"), servers.Select(s => new Uri(s.Address).Port));
            return new Deployment(work, pki, servers, postgres, nginx, nginx.Address);
        }
        catch
        {
            foreach (var server in servers) server.Dispose();
            postgres.Dispose();
            throw;
        }
    }

    /// <summary>A new channel (its own HTTP/2 connection) acting as the agency; disposed with the deployment.</summary>
    public CallInvoker Channel(string agency)
    {
        GrpcChannel channel;
        if (Secure)
        {
            channel = GatewayChannel.Create(Address, _pki.AgencyClientCertificate(agency), _pki.AgencyClientKey(agency), TrustStore.Load(_pki.RootsPem));
        }
        else
        {
            var header = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("x-gateway-agency", agency);
                return Task.CompletedTask;
            });
            channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
            {
                Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, header),
                UnsafeUseInsecureChannelCallCredentials = true,
                MaxReceiveMessageSize = 64 * 1024 * 1024,
            });
        }
        lock (_channels) _channels.Add(channel);
        return channel.CreateCallInvoker();
    }

    /// <summary>
    /// The instance's managed heap in bytes from its /metrics, or null when the scrape fails or exports no heap
    /// gauge (the gateway's meters do not include the runtime's; the RSS from /proc is the measure that always exists).
    /// </summary>
    public async Task<long?> ManagedHeapAsync(GatewayServer instance)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var text = await _metrics.GetStringAsync(instance.Address.TrimEnd('/') + "/metrics", timeout.Token);
            MetricsReachable = true;
            long? sum = null;
            foreach (var line in text.Split('\n'))
            {
                if (!(line.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal)
                      || line.StartsWith("process_runtime_dotnet_gc_heap_size_bytes", StringComparison.Ordinal))) continue;
                var value = line[(line.LastIndexOf(' ') + 1)..];
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes)) sum = (sum ?? 0) + (long)bytes;
            }
            return sum;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            MetricsReachable = false;
            return null;
        }
    }

    private bool TrustsDevRoots(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? presented, System.Net.Security.SslPolicyErrors errors)
    {
        if (certificate is null) return false;
        using var chain = TrustStore.Load(_pki.RootsPem).CreateChain(presented?.ChainElements.Select(e => e.Certificate));
        return chain.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
    }

    public ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var channel in _channels) channel.Dispose();
        }
        _metrics.Dispose();
        _nginx?.Dispose();
        foreach (var instance in Instances) instance.Dispose();
        _postgres?.Dispose();
        try { _work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
