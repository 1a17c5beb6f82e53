using System.CommandLine;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Cli.Internal;

/// <summary>
/// How a client command reaches the gateway and who it is: --server, and the agency's TLS client
/// certificate (--cert/--key, or --as AGENCY for the development PKI's files).
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string> Server { get; } = new("--server", "-s")
    {
        Description = "Gateway address",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GW_SERVER") ?? "https://127.0.0.1:7443",
    };
    public Option<string?> As { get; } = new("--as") { Description = "Agency id; uses certs/dev/agencies/AGENCY/client.crt and client.key" };
    public Option<FileInfo?> Cert { get; } = new("--cert") { Description = "TLS client certificate (PEM, leaf first)" };
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "TLS client private key (PEM)" };
    public Option<FileInfo?> Trust { get; }
    public Option<DirectoryInfo> Pki { get; } = new("--pki")
    {
        Description = "Development PKI folder",
        DefaultValueFactory = _ => new DirectoryInfo(Environment.GetEnvironmentVariable("GW_PKI") ?? "certs/dev"),
    };
    public Option<bool> Insecure { get; } = new("--dev-insecure") { Description = "Plaintext HTTP/2 to a gateway started with the development switch; sends --as in a header" };

    /// <param name="trustName">The TLS roots option's name; "--tls-trust" where "--trust" already names receipt trust anchors.</param>
    public ConnectionOptions(string trustName = "--trust")
    {
        Trust = new(trustName) { Description = "Roots that the gateway's TLS certificate must chain to (PEM); default: the development PKI's" };
    }

    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(As);
        command.Add(Cert);
        command.Add(Key);
        command.Add(Trust);
        command.Add(Pki);
        command.Add(Insecure);
    }

    /// <param name="server">Another address than --server (e.g. `gw verify receipt --log URL`).</param>
    public GrpcChannel OpenChannel(ParseResult parse, string? server = null)
    {
        server ??= parse.GetValue(Server)!;
        var pki = new DevPkiLayout(parse.GetValue(Pki)!.FullName);
        var agency = parse.GetValue(As);
        if (parse.GetValue(Insecure))
        {
            if (agency is null) throw new CliUsageException("--dev-insecure needs --as AGENCY");
            var headers = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("x-gateway-agency", agency);
                return Task.CompletedTask;
            });
            return GrpcChannel.ForAddress(server, new GrpcChannelOptions
            {
                Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, headers),
                UnsafeUseInsecureChannelCallCredentials = true,
                MaxReceiveMessageSize = 64 * 1024 * 1024,
            });
        }

        var certPath = parse.GetValue(Cert)?.FullName ?? (agency is not null ? pki.AgencyClientCertificate(agency) : null);
        var keyPath = parse.GetValue(Key)?.FullName ?? (agency is not null ? pki.AgencyClientKey(agency) : null);
        if (certPath is null || keyPath is null) throw new CliUsageException("name the agency with --as AGENCY, or give --cert and --key");
        var trustPath = parse.GetValue(Trust)?.FullName ?? pki.RootsPem;
        return GatewayChannel.Create(server, certPath, keyPath, TrustStore.Load(trustPath));
    }
}
