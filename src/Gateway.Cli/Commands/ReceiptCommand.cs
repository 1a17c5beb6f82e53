using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.EvidenceLog;

namespace Gateway.Cli.Commands;

/// <summary>`gw receipt bundle FILE`: the receipt, its inclusion proof, the checkpoint and the checkpoint's time-stamp in one file that verifies offline.</summary>
internal static class ReceiptCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var logKey = new LogKeyOption();
        var file = new Argument<FileInfo>("file") { Description = "The receipt (.p7s)" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "The bundle file; default: FILE.bundle.json" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the receipt's checkpoint", DefaultValueFactory = _ => 10 };
        var bundle = new Command("bundle", "Bundle a receipt with its inclusion proof and checkpoint for offline verification") { file, output, wait };
        connection.AddTo(bundle);
        logKey.AddTo(bundle);
        bundle.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parse.GetValue(file)!;
            var receipt = await ReceiptFile.ReadAsync(path.FullName, ct);
            using var channel = connection.OpenChannel(parse);
            var evidence = await InclusionFetcher.FetchAsync(channel, receipt.Der, 0, TimeSpan.FromSeconds(parse.GetValue(wait)), ct);
            var verdict = LogCommand.Check(parse, logKey, connection, receipt.Der, evidence, console);
            if (verdict?.Valid == false) return GwCommand.Failed;
            var target = parse.GetValue(output) ?? new FileInfo(path.FullName + ".bundle.json");
            await File.WriteAllBytesAsync(target.FullName, new ReceiptBundle(receipt.Der, evidence).ToJsonBytes(), ct);
            await console.Out.WriteLineAsync($"{target.FullName}: receipt, inclusion proof (leaf {evidence.LeafIndex} of {evidence.TreeSize}), checkpoint and its time-stamp");
            return GwCommand.Ok;
        }));
        return new Command("receipt", "One receipt: bundle it for offline verification") { bundle };
    }
}
