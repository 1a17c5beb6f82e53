using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Gateway.Cli.Commands;

/// <summary>`gw serve`: run the gateway. Other settings come from Gateway__* environment variables or --Gateway:Key=value.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string?>("--urls", "--listen") { Description = "Address to listen on (default https://127.0.0.1:7443)" };
        var data = new Option<string?>("--data") { Description = "Data folder: SQLite database and documents (default ./data)" };
        var pki = new Option<string?>("--pki") { Description = "Development PKI folder, made if missing (default ./certs/dev)" };
        var insecure = new Option<bool>("--dev-insecure") { Description = "DEVELOPMENT ONLY: plaintext HTTP/2, agency named by the x-gateway-agency header" };
        var command = new Command("serve", "Run the gateway") { urls, data, pki, insecure };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            WebApplication app;
            try
            {
                app = Build(parse);
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException)
            {
                // A setting the gateway cannot run with (ConnectionStrings:Gateway, say): its message, not a stack trace.
                throw new CliUsageException(e.Message);
            }
            await app.StartAsync(ct);
            foreach (var address in GatewayHost.BoundAddresses(app)) await console.Out.WriteLineAsync($"gateway listening on {address}");
            if (GatewayHost.DevelopmentRevocationAddress(app) is { } revocation)
                await console.Out.WriteLineAsync($"development OCSP responder and CRLs on {revocation}");
            await app.WaitForShutdownAsync(ct);
            return GwCommand.Ok;
        }));
        return command;

        WebApplication Build(ParseResult parse) =>
            GatewayHost.Build([.. parse.UnmatchedTokens], options =>
            {
                if (parse.GetValue(urls) is { } u) options.Listen = u;
                if (parse.GetValue(data) is { } d) options.DataDirectory = d;
                if (parse.GetValue(pki) is { } p) options.PkiDirectory = p;
                if (parse.GetValue(insecure))
                {
                    options.Development.Insecure = true;
                    if (parse.GetValue(urls) is null) options.Listen = "http://127.0.0.1:7080";
                }
            });
    }
}
