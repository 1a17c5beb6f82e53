using System.Net.Security;
using Gateway.Cli.Internal;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// The gateway of <see cref="HostileCollection"/>: small limits so that hostile streams reach them in milliseconds
/// (documents up to <see cref="MaxDocumentBytes"/>, client streams idle at most <see cref="StreamIdleTimeout"/>), a
/// service that requires a valid signature (<see cref="GatewayFixture.StrictService"/>), no rate limit (the tests make
/// bursts on purpose), and its audit trail captured.
/// </summary>
public sealed class HostileGateway : IAsyncLifetime
{
    public const long MaxDocumentBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan StreamIdleTimeout = TimeSpan.FromSeconds(1);

    internal OwnGateway Gateway { get; private set; } = null!;
    public AuditTrail Audit { get; } = new();

    public async Task InitializeAsync() =>
        Gateway = await OwnGateway.StartAsync("gw-hostile", o =>
        {
            o.Exchange.MaxDocumentBytes = MaxDocumentBytes;
            o.Exchange.SignatureRequirements[GatewayFixture.StrictService] = new global::Gateway.Exchange.SignatureRequirement();
            o.Limits.StreamIdleTimeout = StreamIdleTimeout;
            o.Limits.RequestsPerSecondPerAgency = 0;
        }, Audit);

    /// <summary>An HTTPS client for the verification page: the gateway's certificate checked against its root, no client certificate.</summary>
    public HttpClient Http() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = GatewayChannel.ServerCertificateValidation(Gateway.Trust) },
    }) { BaseAddress = new Uri(Gateway.Address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
