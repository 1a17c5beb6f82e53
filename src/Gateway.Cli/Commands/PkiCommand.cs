using System.CommandLine;
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
        var init = new Command("init", "Make the development PKI (idempotent; generated keys are for development only)") { dir, agencies, force };
        init.SetAction(async parse =>
        {
            var options = new DevPkiOptions { Overwrite = parse.GetValue(force) };
            if (parse.GetValue(agencies) is { Length: > 0 } named) options.Agencies = named;
            var layout = DevPki.Create(parse.GetValue(dir)!.FullName, options);
            await console.Out.WriteLineAsync($"development PKI in {layout.Directory}");
            await console.Out.WriteLineAsync($"  trust anchors  {layout.RootsPem}");
            foreach (var agency in options.Agencies)
                await console.Out.WriteLineAsync($"  {agency,-14} {layout.AgencyClientCertificate(agency)}");
            return GwCommand.Ok;
        });
        return new Command("pki", "Development PKI") { init };
    }
}
