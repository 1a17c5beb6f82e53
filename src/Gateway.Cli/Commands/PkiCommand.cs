using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.Crypto;

namespace Gateway.Cli.Commands;

/// <summary>`gw pki init`: the development PKI (root, issuing CA, TLS, seal, TSA, OCSP, demonstration agencies).</summary>
internal static class PkiCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Where to write it", DefaultValueFactory = _ => new DirectoryInfo("certs/dev") };
        var agencies = new Option<string[]>("--agency") { Description = "Agency ids (repeatable; default agency-a agency-b)", AllowMultipleArgumentsPerToken = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing PKI" };
        var json = CliOutput.JsonOption();
        var init = new Command("init", "Make the development PKI (idempotent; generated keys are for development only)") { dir, agencies, force, json };
        init.SetAction(async parse =>
        {
            var options = new DevPkiOptions { Overwrite = parse.GetValue(force) };
            if (parse.GetValue(agencies) is { Length: > 0 } named) options.Agencies = named;
            var layout = DevPki.Create(parse.GetValue(dir)!.FullName, options);
            var lines = new List<string> { $"development PKI in {layout.Directory}", $"  trust anchors  {layout.RootsPem}" };
            lines.AddRange(options.Agencies.Select(agency => $"  {agency,-14} {layout.AgencyClientCertificate(agency)}"));
            await CliOutput.WriteAsync(console, parse, json, string.Join(Environment.NewLine, lines), () => new()
            {
                ["directory"] = layout.Directory, ["trustAnchors"] = layout.RootsPem, ["logPublicKey"] = layout.LogPublicKey,
                ["agencies"] = new System.Text.Json.Nodes.JsonObject(options.Agencies.Select(a =>
                    KeyValuePair.Create(a, (System.Text.Json.Nodes.JsonNode?)layout.AgencyClientCertificate(a)))),
            });
            return GwCommand.Ok;
        });
        return new Command("pki", "Development PKI") { init };
    }
}
