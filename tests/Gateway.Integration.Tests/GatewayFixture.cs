using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Server;
using Gateway.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Gateway.Integration.Tests;

/// <summary>
/// One real gateway on loopback (Kestrel, TLS, client certificates) with a fresh development PKI of
/// three agencies and its own data folder, shared by the tests of the "gateway" collection.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string A = "agency-a";
    public const string B = "agency-b";
    public const string C = "agency-c";
    /// <summary>Holds a client certificate from the trusted CA but is missing from the agencies file.</summary>
    public const string Unregistered = "agency-unregistered";
    /// <summary>Registered like A, B and C; a test revokes its client certificate (Hostile/HostileIdentityTests), so no other test uses it.</summary>
    public const string Revoked = "agency-revoked";
    /// <summary>A service whose submissions must carry a TOTAL_PASSED signature: hostile PDFs go through full validation and are refused.</summary>
    public const string StrictService = "hostile.strict";

    private readonly Dictionary<string, GrpcChannel> _channels = new();

    public TempFolder Folder { get; } = new("gw-integration");
    public DevPkiLayout Pki { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public TrustStore Trust { get; private set; } = null!;
    public string DataDirectory => Path.Combine(Folder.Path, "data");
    /// <summary>Every record of the gateway's security audit trail (logger category Gateway.Audit).</summary>
    public AuditTrail Audit { get; } = new();

    public async Task InitializeAsync()
    {
        Pki = DevPki.Create(Path.Combine(Folder.Path, "pki"), new DevPkiOptions { Agencies = [A, B, C, Unregistered, Revoked] });
        var agencies = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Pki.AgenciesJson))!;
        var list = agencies["agencies"]!.AsArray();
        list.Remove(list.Single(a => (string?)a!["id"] == Unregistered));
        await File.WriteAllTextAsync(Pki.AgenciesJson, agencies.ToJsonString());
        Trust = TrustStore.Load(Pki.RootsPem);
        (App, Address) = await StartAsync(Pki, DataDirectory,
            o => o.Exchange.SignatureRequirements[StrictService] = new global::Gateway.Exchange.SignatureRequirement(), Audit);
    }

    /// <summary>
    /// Starts a gateway on a free loopback port; <paramref name="configure"/> adjusts the options after the test defaults;
    /// <paramref name="audit"/>, when given, receives the gateway's audit trail.
    /// </summary>
    public static async Task<(WebApplication App, string Address)> StartAsync(DevPkiLayout pki, string dataDirectory, Action<GatewayOptions>? configure = null,
        AuditTrail? audit = null)
    {
        var app = GatewayHost.Build(["--Logging:LogLevel:Default=Warning"], options =>
        {
            options.Listen = "https://127.0.0.1:0";
            options.DataDirectory = dataDirectory;
            options.PkiDirectory = pki.Directory;
            options.Development.RevocationListen = null;
            configure?.Invoke(options);
        }, logging => { if (audit is not null) logging.AddProvider(audit); });
        await app.StartAsync();
        return (app, GatewayHost.BoundAddresses(app).Single());
    }

    public GrpcChannel Channel(string agency)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(agency, out var channel))
                _channels[agency] = channel = GatewayChannel.Create(Address, Pki.AgencyClientCertificate(agency), Pki.AgencyClientKey(agency), Trust);
            return channel;
        }
    }

    public Api.V1.Exchange.ExchangeClient Exchange(string agency) => new(Channel(agency));

    /// <summary>What the gateway has stored (tests of this collection run one at a time, so a count before and after is theirs).</summary>
    public Task<StoredCounts> StoredAsync() => StoredCounts.ReadAsync(DataDirectory);

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Folder.Dispose();
    }
}

[CollectionDefinition("gateway")]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>;
