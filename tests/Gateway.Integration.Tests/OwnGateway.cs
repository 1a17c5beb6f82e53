using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Server;
using Gateway.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>
/// A gateway of one test's own (fresh development PKI of agencies A, B and C, its own data folder and options), for
/// tests that change limits or measure the process and so must not share the collection's gateway.
/// </summary>
internal sealed class OwnGateway : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly DevPkiLayout _pki;
    private readonly TrustStore _trust;
    private readonly Dictionary<string, GrpcChannel> _channels = new();

    private OwnGateway(TempFolder folder, DevPkiLayout pki, WebApplication app, string address)
    {
        _folder = folder;
        _pki = pki;
        _trust = TrustStore.Load(pki.RootsPem);
        App = app;
        Address = address;
    }

    public WebApplication App { get; }
    public string Address { get; }
    public string DataDirectory => _folder.File("data");

    /// <param name="audit">When given, receives the gateway's security audit trail.</param>
    public static async Task<OwnGateway> StartAsync(string name, Action<GatewayOptions>? configure = null, AuditTrail? audit = null)
    {
        var folder = new TempFolder(name);
        var pki = DevPki.Create(folder.File("pki"), new DevPkiOptions { Agencies = [A, B, C] });
        var (app, address) = await GatewayFixture.StartAsync(pki, folder.File("data"), configure, audit);
        return new OwnGateway(folder, pki, app, address);
    }

    public GrpcChannel Channel(string agency)
    {
        if (!_channels.TryGetValue(agency, out var channel))
            _channels[agency] = channel = GatewayChannel.Create(Address, _pki.AgencyClientCertificate(agency), _pki.AgencyClientKey(agency), _trust);
        return channel;
    }

    public Api.V1.Exchange.ExchangeClient Exchange(string agency) => new(Channel(agency));

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public DevPkiLayout Pki => _pki;

    public TrustStore Trust => _trust;

    /// <summary>What the gateway has stored: messages, receipts, evidence-log entries (rejections included) and files under blobs/ (temporary ones included).</summary>
    public Task<StoredCounts> StoredAsync() => StoredCounts.ReadAsync(DataDirectory);

    /// <summary>
    /// Waits for something the server finishes after the client has its answer (a handler returning after a reset).
    /// The bound is generous so that a slow machine does not fail the test; only a server that never gets there does.
    /// </summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"after a minute, still not: {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
