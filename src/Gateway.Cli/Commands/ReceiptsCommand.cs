using System.CommandLine;
using Gateway.Api.V1;
using Gateway.Cli.Internal;

namespace Gateway.Cli.Commands;

/// <summary>`gw receipts MESSAGE_ID`: every receipt of a message (sender or recipient only), written to a folder.</summary>
internal static class ReceiptsCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var message = new Argument<string>("message-id") { Description = "The message" };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the receipts", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var json = new Option<bool>("--json") { Description = "Print the receipts as JSON" };
        var command = new Command("receipts", "Fetch every receipt of a message") { message, output, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var channel = connection.OpenChannel(parse);
            var client = new Api.V1.Exchange.ExchangeClient(channel);
            var response = await client.GetReceiptsAsync(new GetReceiptsRequest { MessageId = parse.GetValue(message)! }, cancellationToken: ct);
            var folder = Directory.CreateDirectory(parse.GetValue(output)!.FullName);
            var written = new System.Text.Json.Nodes.JsonArray();
            foreach (var receipt in response.Receipts)
            {
                var path = Path.Combine(folder.FullName, $"{InboxCommand.SafeName(receipt.ReceiptId)}.{ReceiptSummary.Event(receipt.Event)}.p7s");
                await File.WriteAllBytesAsync(path, receipt.Signed.ToByteArray(), ct);
                written.Add(ReceiptSummary.ToJson(receipt, path));
                if (parse.GetValue(json)) continue;
                ReceiptSummary.Write(console.Out, receipt);
                await console.Out.WriteLineAsync($"  written     {path}");
            }
            if (parse.GetValue(json))
                await ReceiptSummary.WriteJsonAsync(console.Out, new System.Text.Json.Nodes.JsonObject { ["messageId"] = parse.GetValue(message), ["receipts"] = written });
            return GwCommand.Ok;
        }));
        return command;
    }
}
