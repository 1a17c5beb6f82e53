using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Internal;
using Gateway.Server;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw doctor`: what `gw serve` would start with, checked without serving or changing anything. Exit 0 when
/// nothing failed (warnings allowed), 1 otherwise. Settings as for `gw serve`.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data") { Description = "Data folder (default ./data)" };
        var pki = new Option<string?>("--pki") { Description = "Development PKI folder (default ./certs/dev)" };
        var insecure = new Option<bool>("--dev-insecure") { Description = "Check the development plaintext configuration" };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON" };
        var command = new Command("doctor", "Check configuration, trust anchors, keys, TSA and database, and say what to fix") { data, pki, insecure, json };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var checks = await GatewayDoctor.RunAsync([.. parse.UnmatchedTokens], options =>
            {
                if (parse.GetValue(data) is { } d) options.DataDirectory = d;
                if (parse.GetValue(pki) is { } p) options.PkiDirectory = p;
                if (parse.GetValue(insecure))
                {
                    options.Development.Insecure = true;
                    options.Listen = "http://127.0.0.1:7080";
                }
            }, ct);
            var healthy = checks.All(c => c.Status != DoctorStatus.Failed);
            if (parse.GetValue(json))
            {
                var result = new JsonObject
                {
                    ["healthy"] = healthy,
                    ["checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = c.Name, ["status"] = c.Status.ToString().ToLowerInvariant(), ["detail"] = c.Detail, ["advice"] = c.Advice,
                    })]),
                };
                await console.Out.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var check in checks)
                {
                    var writer = check.Status == DoctorStatus.Failed ? console.Error : console.Out;
                    var mark = check.Status switch { DoctorStatus.Ok => Terminal.Green(writer, "ok  "), DoctorStatus.Warning => Terminal.Amber(writer, "warn"), _ => Terminal.Red(writer, "FAIL") };
                    await writer.WriteLineAsync($"{mark} {check.Name}: {check.Detail}");
                    if (check.Advice is not null && check.Status != DoctorStatus.Ok) await writer.WriteLineAsync($"     → {check.Advice}");
                }
                await console.Out.WriteLineAsync(healthy ? "ready to serve" : "not ready: fix what FAIL says above");
            }
            return healthy ? GwCommand.Ok : GwCommand.Failed;
        }));
        return command;
    }
}
