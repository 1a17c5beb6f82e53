using System.CommandLine;
using System.Text.Json.Nodes;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Pkix;
using Gateway.Validation;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw verify pdf FILE... [--trust DIR] [--json] [--offline] [--at TIME]`: validates every signature and
/// document time-stamp, with modification analysis, in one process. Exit 0 when every file passes, 1 otherwise.
/// </summary>
internal static class VerifyPdfCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Signed PDF files", Arity = ArgumentArity.OneOrMore };
        var trust = new Option<FileSystemInfo?>("--trust") { Description = "Trust anchors: a PEM/DER file or a folder of root (and intermediate) certificates; default: the development PKI's trust folder when present" };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON (one object for one file, an array for several)" };
        var offline = new Option<bool>("--offline") { Description = "Fetch no OCSP/CRL; use only the validation data inside the documents" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Validate as of this time (ISO 8601) instead of now" };
        var command = new Command("pdf", "Validate the signatures of PDF files (ETSI EN 319 102-1 report)") { files, trust, json, offline, at };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var store = LoadTrust(parse.GetValue(trust));
            var revocation = parse.GetValue(offline) ? null : new RevocationClient(options: new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            var validator = new DocumentValidator(
                new CertificateValidator(store, revocation, new CertificateValidatorOptions { FetchRevocation = revocation is not null }),
                new DocumentValidatorOptions { ValidationTime = parse.GetValue(at) });
            var paths = parse.GetValue(files)!;
            foreach (var file in paths)
                if (!file.Exists) throw new CliUsageException($"{file.FullName}: no such file");

            // Files are independent: validate them on every core, report them in the order given.
            var reports = new ValidationReport[paths.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, paths.Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (i, token) => reports[i] = await validator.ValidatePdfAsync(await File.ReadAllBytesAsync(paths[i].FullName, token), token));

            var array = new JsonArray();
            for (var i = 0; i < paths.Length; i++)
            {
                if (parse.GetValue(json)) array.Add(ValidationReportJson.ToJson(reports[i], paths[i].Name));
                else ValidationReportText.Write(reports[i].Passed ? console.Out : console.Error, reports[i], paths[i].Name);
            }

            var allPassed = reports.All(r => r.Passed);
            if (parse.GetValue(json)) await console.Out.WriteLineAsync(ValidationReportJson.Serialize(array.Count == 1 ? array[0]!.DeepClone() : array));
            return allPassed ? GwCommand.Ok : GwCommand.Failed;
        }));
        return command;
    }

    private static TrustStore LoadTrust(FileSystemInfo? path)
    {
        if (path is not null)
        {
            if (!path.Exists) throw new CliUsageException($"{path.FullName}: no such trust file or folder");
            return TrustStore.Load(path.FullName);
        }

        var development = Path.Combine(Environment.GetEnvironmentVariable("GW_PKI") ?? "certs/dev", "trust");
        return Directory.Exists(development) ? TrustStore.Load(development) : TrustStore.FromCertificates([]);
    }
}
