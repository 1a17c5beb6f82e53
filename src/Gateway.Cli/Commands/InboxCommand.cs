using System.CommandLine;
using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Cli.Internal;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw inbox`: receive the caller's messages into a folder (DIR/MESSAGE_ID/FILE_NAME plus the sender's
/// receipt), checking each document's SHA-256; with --ack, acknowledge each and keep the handover receipt.
/// </summary>
internal static class InboxCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for received documents", DefaultValueFactory = _ => new DirectoryInfo("inbox") };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep the stream open and receive new messages as they arrive" };
        var ack = new Option<bool>("--ack") { Description = "Acknowledge each document once stored and verified" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per message as it arrives (JSON Lines), then nothing else" };
        var command = new Command("inbox", "Receive documents addressed to your agency") { output, follow, ack, json };
        connection.AddTo(command);

        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var channel = connection.OpenChannel(parse);
            var client = new Api.V1.Exchange.ExchangeClient(channel);
            var folder = parse.GetValue(output)!;
            var count = 0;
            using var call = client.Receive(new ReceiveRequest { StopWhenEmpty = !parse.GetValue(follow) }, cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var delivery = call.ResponseStream.Current;
                var directory = Directory.CreateDirectory(Path.Combine(folder.FullName, SafeName(delivery.MessageId)));
                var documentPath = Path.Combine(directory.FullName, SafeName(delivery.FileName));
                await SaveContentAsync(client, delivery, documentPath, ct);
                await File.WriteAllBytesAsync(Path.Combine(directory.FullName, "submission-receipt.p7s"), delivery.SubmissionReceipt.Signed.ToByteArray(), ct);
                count++;
                var asJson = parse.GetValue(json);
                if (!asJson) await console.Out.WriteLineAsync($"{delivery.MessageId}  from {delivery.SenderAgency}  {delivery.FileName} ({delivery.DocumentSize} bytes) → {documentPath}");
                Api.V1.Receipt? handover = null;
                var handoverPath = Path.Combine(directory.FullName, "handover-receipt.p7s");
                if (parse.GetValue(ack))
                {
                    handover = (await client.AcknowledgeAsync(new AcknowledgeRequest { MessageId = delivery.MessageId, DocumentSha256 = delivery.DocumentSha256 }, cancellationToken: ct)).Receipt;
                    await File.WriteAllBytesAsync(handoverPath, handover.Signed.ToByteArray(), ct);
                    if (!asJson) await console.Out.WriteLineAsync($"  acknowledged; handover receipt {handover.ReceiptId}");
                }
                if (asJson)
                {
                    // One line per message, so that `gw inbox --follow --json` can be piped into a line-by-line consumer.
                    await console.Out.WriteLineAsync(new System.Text.Json.Nodes.JsonObject
                    {
                        ["messageId"] = delivery.MessageId, ["sender"] = delivery.SenderAgency, ["fileName"] = delivery.FileName,
                        ["documentSize"] = delivery.DocumentSize, ["documentSha256"] = delivery.DocumentSha256, ["document"] = documentPath,
                        ["submissionReceipt"] = ReceiptSummary.ToJson(delivery.SubmissionReceipt, Path.Combine(directory.FullName, "submission-receipt.p7s")),
                        ["handoverReceipt"] = handover is null ? null : ReceiptSummary.ToJson(handover, handoverPath),
                    }.ToJsonString());
                }
            }
            if (!parse.GetValue(json)) await console.Out.WriteLineAsync($"{count} message(s) received into {folder.FullName}");
            return GwCommand.Ok;
        }));
        return command;
    }

    /// <summary>Writes the document (inline or fetched in chunks) and refuses it when its SHA-256 differs from the receipt's.</summary>
    private static async Task SaveContentAsync(Api.V1.Exchange.ExchangeClient client, Delivery delivery, string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = File.Create(path))
        {
            if (delivery.ContentInline)
            {
                hash.AppendData(delivery.Content.Span);
                await file.WriteAsync(delivery.Content.Memory, ct);
            }
            else
            {
                using var fetch = client.FetchContent(new FetchContentRequest { MessageId = delivery.MessageId }, cancellationToken: ct);
                while (await fetch.ResponseStream.MoveNext(ct))
                {
                    var chunk = fetch.ResponseStream.Current.Data;
                    hash.AppendData(chunk.Span);
                    await file.WriteAsync(chunk.Memory, ct);
                }
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != delivery.DocumentSha256)
        {
            File.Delete(path);
            throw new InvalidDataException($"message {delivery.MessageId}: received SHA-256 {actual} differs from {delivery.DocumentSha256}; not acknowledged");
        }
    }

    /// <summary>Names come from another agency: never let one climb out of the folder.</summary>
    internal static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        return file is "" or "." or ".." ? "document" : file;
    }
}
