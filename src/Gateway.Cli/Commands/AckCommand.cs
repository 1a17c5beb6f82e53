using System.CommandLine;
using Gateway.Api.V1;
using Gateway.Cli.Internal;

namespace Gateway.Cli.Commands;

/// <summary>`gw ack MESSAGE_ID`: confirm receipt of a document and keep the ContentHandover receipt.</summary>
internal static class AckCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var message = new Argument<string>("message-id") { Description = "The message to acknowledge" };
        var sha256 = new Option<string?>("--sha256") { Description = "The SHA-256 you computed of the document; the gateway checks it" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the receipt (default MESSAGE_ID.handover.p7s)" };
        var json = new Option<bool>("--json") { Description = "Print the handover receipt as JSON" };
        var command = new Command("ack", "Acknowledge a received document") { message, sha256, output, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var channel = connection.OpenChannel(parse);
            var client = new Api.V1.Exchange.ExchangeClient(channel);
            var id = parse.GetValue(message)!;
            var response = await client.AcknowledgeAsync(new AcknowledgeRequest { MessageId = id, DocumentSha256 = parse.GetValue(sha256) ?? "" }, cancellationToken: ct);
            var path = parse.GetValue(output)?.FullName ?? $"{InboxCommand.SafeName(id)}.handover.p7s";
            await File.WriteAllBytesAsync(path, response.Receipt.Signed.ToByteArray(), ct);
            if (parse.GetValue(json))
            {
                await ReceiptSummary.WriteJsonAsync(console.Out, new System.Text.Json.Nodes.JsonObject { ["status"] = "acknowledged", ["receipt"] = ReceiptSummary.ToJson(response.Receipt, path) });
                return GwCommand.Ok;
            }
            await console.Out.WriteLineAsync("acknowledged");
            ReceiptSummary.Write(console.Out, response.Receipt);
            await console.Out.WriteLineAsync($"  written     {path}");
            return GwCommand.Ok;
        }));
        return command;
    }
}
