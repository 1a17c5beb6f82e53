using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.Server;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw db migrate`: create or upgrade the gateway's database (exchange tables and evidence log) before
/// instances start, e.g. from a deployment job. `gw serve` migrates at start too; running both, or several
/// instances at once, is safe. The database is ConnectionStrings:Gateway (environment
/// ConnectionStrings__Gateway, or --ConnectionStrings:Gateway=...), else SQLite in --data.
/// </summary>
internal static class DbCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data") { Description = "Data folder, for the default SQLite database (default ./data)" };
        var pki = new Option<string?>("--pki") { Description = "Development PKI folder: where the evidence log's key is (default ./certs/dev)" };
        var json = CliOutput.JsonOption();
        var migrate = new Command("migrate", "Create or upgrade the database's tables (exchange and evidence log)") { data, pki, json };
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            string kind;
            try
            {
                kind = await GatewayHost.MigrateAsync([.. parse.UnmatchedTokens], options =>
                {
                    if (parse.GetValue(data) is { } d) options.DataDirectory = d;
                    if (parse.GetValue(pki) is { } p) options.PkiDirectory = p;
                });
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }
            await CliOutput.WriteAsync(console, parse, json, $"database ({kind}) is at the current schema", () => new() { ["database"] = kind, ["migrated"] = true });
            return GwCommand.Ok;
        }));
        return new Command("db", "Database administration") { migrate };
    }
}
