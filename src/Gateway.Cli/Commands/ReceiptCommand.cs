using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.EvidenceLog;
using Gateway.ReceiptRendering;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw receipt bundle FILE`: the receipt, its inclusion proof, the checkpoint and the checkpoint's time-stamp in one
/// file that verifies offline. `gw receipt render FILE -o OUT.pdf`: the receipt as a sealed Thai/English PDF.
/// </summary>
internal static class ReceiptCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var logKey = new LogKeyOption();
        var file = new Argument<FileInfo>("file") { Description = "The receipt (.p7s)" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "The bundle file; default: FILE.bundle.json" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the receipt's checkpoint", DefaultValueFactory = _ => 10 };
        var json = CliOutput.JsonOption();
        var bundle = new Command("bundle", "Bundle a receipt with its inclusion proof and checkpoint for offline verification") { file, output, wait, json };
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
            await CliOutput.WriteAsync(console, parse, json, $"{target.FullName}: receipt, inclusion proof (leaf {evidence.LeafIndex} of {evidence.TreeSize}), checkpoint and its time-stamp",
                () => new() { ["file"] = target.FullName, ["leafIndex"] = evidence.LeafIndex, ["treeSize"] = evidence.TreeSize });
            return GwCommand.Ok;
        }));
        return new Command("receipt", "One receipt: bundle it for offline verification, or render it as a PDF") { bundle, Render(console) };
    }

    /// <summary>
    /// Local, like `gw sign pdf`: the receipt is verified against --trust (default: the development PKI's roots), and
    /// the PDF is sealed with the development PKI's gateway seal key and time-stamped by --tsa or its TSA key.
    /// </summary>
    private static Command Render(CliConsole console)
    {
        var local = new LocalSigning();
        var file = new Argument<FileInfo>("file") { Description = "The receipt (.p7s) or a receipt bundle" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the PDF", Required = true };
        var verifyUrl = new Option<string>("--verify-url")
        {
            Description = "Base URL of the verification page; the QR code leads to BASE/v/RECEIPT_ID",
            DefaultValueFactory = _ => ReceiptRenderOptions.DefaultVerifyBaseUrl,
        };
        var json = CliOutput.JsonOption();
        var render = new Command("render", "Render a receipt as a human-readable PDF (Thai/English, QR code, the receipt attached), sealed with PAdES-B-T") { file, output, verifyUrl, json };
        local.AddTo(render, withKey: false);
        render.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var baseUrl = parse.GetValue(verifyUrl)!;
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                throw new CliUsageException($"--verify-url '{baseUrl}': expected an absolute http(s) URL");
            var receipt = await ReceiptFile.ReadAsync(parse.GetValue(file)!.FullName, ct);
            using var seal = local.LoadSeal(parse);
            var renderer = new ReceiptRenderer(local.LoadTrust(parse), seal, local.TimeStamps(parse), new ReceiptRenderOptions { VerifyBaseUrl = baseUrl });
            byte[] pdf;
            try
            {
                pdf = await renderer.RenderAsync(receipt.Der, ct);
            }
            catch (ReceiptRenderException e)
            {
                await console.Error.WriteLineAsync($"gw: {e.Reason}: {e.Message}");
                return GwCommand.Failed;
            }
            var target = parse.GetValue(output)!;
            var temporary = Path.Combine(target.DirectoryName ?? ".", $".{target.Name}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(temporary, pdf, ct);
            File.Move(temporary, target.FullName, overwrite: true);
            await CliOutput.WriteAsync(console, parse, json, $"{target.FullName}: receipt rendered and sealed by {seal.Certificate.Subject} (PAdES-B-T)",
                () => new() { ["file"] = target.FullName, ["sealedBy"] = seal.Certificate.Subject, ["level"] = "B-T" });
            return GwCommand.Ok;
        }));
        return render;
    }
}
