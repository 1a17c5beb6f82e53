using System.Text.Json.Nodes;
using System.CommandLine;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Cli.Commands;

/// <summary>`gw submit --to AGENCY FILE`: send a document, print the receipt, write it to a file.</summary>
internal static class SubmitCommand
{
    private const int ChunkBytes = 1024 * 1024;
    private const long UnaryLimit = 4 * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var file = new Argument<FileInfo>("file") { Description = "The document to send" };
        var to = new Option<string>("--to") { Description = "Recipient agency id", Required = true };
        var mediaType = new Option<string?>("--media-type") { Description = "Media type (default from the file extension)" };
        var serviceId = new Option<string?>("--service-id") { Description = "Service identifier (an OID or the agency's own id)" };
        var kind = new Option<RequestKind>("--kind") { Description = "Request kind", DefaultValueFactory = _ => RequestKind.Unspecified };
        var subject = new Option<string?>("--subject") { Description = "A subject line" };
        var key = new Option<string?>("--idempotency-key") { Description = "Retry-safe key (default: derived from the file's SHA-256 and recipient)" };
        var claims = new Option<string[]>("--claim") { Description = "A method claim STEP=METHOD[:LEVEL], e.g. identity=digital-id:standard (repeatable)" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the receipt (default FILE.receipt.p7s)" };
        var stream = new Option<bool>("--stream") { Description = "Use SubmitStream even for small files" };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON" };
        var command = new Command("submit", "Send a document to another agency and keep the signed receipt") { file, to, mediaType, serviceId, kind, subject, key, claims, output, stream, json };
        connection.AddTo(command);

        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliUsageException($"{path.FullName}: no such file");
            var receiptPath = parse.GetValue(output)?.FullName ?? path.FullName + ".receipt.p7s";
            var header = new SubmitHeader
            {
                RecipientAgency = parse.GetValue(to)!,
                MediaType = parse.GetValue(mediaType) ?? MediaTypes.FromFileName(path.Name),
                FileName = path.Name,
                IdempotencyKey = parse.GetValue(key) ?? await DefaultKeyAsync(path, parse.GetValue(to)!, ct),
                ServiceId = parse.GetValue(serviceId) ?? "",
                RequestKind = parse.GetValue(kind),
                Subject = parse.GetValue(subject) ?? "",
                DeclaredSize = path.Length,
            };
            foreach (var claim in parse.GetValue(claims) ?? []) header.Claims.Add(ParseClaim(claim));

            using var channel = connection.OpenChannel(parse);
            var client = new Api.V1.Exchange.ExchangeClient(channel);
            SubmitResponse response;
            try
            {
                response = parse.GetValue(stream) || path.Length > UnaryLimit
                    ? await StreamAsync(client, header, path, Terminal.Progress(console.Error, "uploading", path.Length), ct)
                    : await client.SubmitAsync(Unary(header, await File.ReadAllBytesAsync(path.FullName, ct)), cancellationToken: ct);
            }
            catch (RpcException e) when (CommandRunner.RejectionReceipt(e) is { } rejection)
            {
                await File.WriteAllBytesAsync(receiptPath, rejection.Signed.ToByteArray(), ct);
                if (parse.GetValue(json))
                {
                    await ReceiptSummary.WriteJsonAsync(console.Out, new JsonObject
                    {
                        ["status"] = "rejected", ["error"] = CommandRunner.Describe(e), ["receipt"] = ReceiptSummary.ToJson(rejection, receiptPath),
                    });
                    return GwCommand.Failed;
                }
                await console.Error.WriteLineAsync(Terminal.Red(console.Error, CommandRunner.Describe(e)));
                await console.Error.WriteLineAsync($"rejection receipt written to {receiptPath}");
                ReceiptSummary.Write(console.Error, rejection);
                return GwCommand.Failed;
            }

            await File.WriteAllBytesAsync(receiptPath, response.Receipt.Signed.ToByteArray(), ct);
            if (parse.GetValue(json))
            {
                await ReceiptSummary.WriteJsonAsync(console.Out, new JsonObject
                {
                    ["status"] = response.Replayed ? "replayed" : "accepted", ["messageId"] = response.MessageId, ["receipt"] = ReceiptSummary.ToJson(response.Receipt, receiptPath),
                });
                return GwCommand.Ok;
            }
            await console.Out.WriteLineAsync(Terminal.Green(console.Out, response.Replayed ? "accepted earlier (same idempotency key); the original receipt:" : "accepted"));
            ReceiptSummary.Write(console.Out, response.Receipt);
            await console.Out.WriteLineAsync($"  written     {receiptPath}");
            return GwCommand.Ok;
        }));
        return command;
    }

    private static SubmitRequest Unary(SubmitHeader header, byte[] content)
    {
        var request = new SubmitRequest
        {
            RecipientAgency = header.RecipientAgency,
            MediaType = header.MediaType,
            FileName = header.FileName,
            IdempotencyKey = header.IdempotencyKey,
            ServiceId = header.ServiceId,
            RequestKind = header.RequestKind,
            Subject = header.Subject,
            Content = ByteString.CopyFrom(content),
        };
        request.Claims.Add(header.Claims);
        return request;
    }

    private static async Task<SubmitResponse> StreamAsync(Api.V1.Exchange.ExchangeClient client, SubmitHeader header, FileInfo path, IProgress<long> progress, CancellationToken ct)
    {
        using var call = client.SubmitStream(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new SubmitChunk { Header = header }, ct);
        await using var input = path.OpenRead();
        var buffer = new byte[ChunkBytes];
        int read;
        long sent = 0;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            await call.RequestStream.WriteAsync(new SubmitChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, ct);
            progress.Report(sent += read);
        }
        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>The same file to the same recipient is the same submission, so a retried command never sends twice.</summary>
    private static async Task<string> DefaultKeyAsync(FileInfo path, string recipient, CancellationToken ct)
    {
        await using var input = path.OpenRead();
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(input, ct);
        return $"gw:{recipient}:{Convert.ToHexStringLower(hash)}";
    }

    internal static MethodClaim ParseClaim(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0) throw new CliUsageException($"--claim '{text}': expected STEP=METHOD[:LEVEL]");
        var method = text[(equals + 1)..];
        var level = MethodLevel.Unspecified;
        var colon = method.LastIndexOf(':');
        if (colon > 0 && method[(colon + 1)..] is "initial" or "standard")
        {
            level = method[(colon + 1)..] == "initial" ? MethodLevel.Initial : MethodLevel.Standard;
            method = method[..colon];
        }
        return new MethodClaim { Step = text[..equals], Method = method, Level = level };
    }
}
