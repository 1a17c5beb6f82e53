using System.CommandLine;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Api.V1;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Exchange.Cases;
using Gateway.Merkle;
using Grpc.Core;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw case export MESSAGE_ID -o case.zip --as AGENCY`: the document, every receipt with its log proof, and the
/// trust material, in one file (<see cref="CaseArchive"/>); `gw verify case case.zip` checks it offline.
/// </summary>
internal static class CaseCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var messageId = new Argument<string>("message-id") { Description = "The message whose case to export" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The case file (.zip)", Required = true };
        var document = new Option<FileInfo?>("--document") { Description = "The document, for a sender (only the recipient can fetch it from the gateway)" };
        var anchors = new Option<FileInfo?>("--anchors") { Description = "Trust anchors to ship in the case (PEM); default: the development PKI's roots.pem" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the newest receipt's checkpoint", DefaultValueFactory = _ => 10 };
        var json = CliOutput.JsonOption();
        var export = new Command("export", "Export a message's case: document, receipts, log proofs and trust material, verifiable offline") { messageId, output, document, anchors, wait, json };
        connection.AddTo(export);
        export.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var id = parse.GetValue(messageId)!;
            var anchorsFile = parse.GetValue(anchors)?.FullName ?? new DevPkiLayout((parse.GetValue(connection.Pki) ?? new DirectoryInfo("certs/dev")).FullName).RootsPem;
            if (!File.Exists(anchorsFile)) throw new CliUsageException($"{anchorsFile}: no trust anchors to ship; give --anchors");
            using var channel = connection.OpenChannel(parse);
            var exchange = new Api.V1.Exchange.ExchangeClient(channel);
            var stored = await exchange.GetReceiptsAsync(new GetReceiptsRequest { MessageId = id }, cancellationToken: ct);
            if (stored.Receipts.Count == 0) throw new CliUsageException($"message {id} has no receipts");
            var receipts = new List<CaseArchive.Receipt>();
            foreach (var receipt in stored.Receipts)
            {
                var der = receipt.Signed.ToByteArray();
                var evidence = await InclusionFetcher.FetchAsync(channel, der, 0, TimeSpan.FromSeconds(parse.GetValue(wait)), ct);
                receipts.Add(new CaseArchive.Receipt(receipt.Event.ToString(), receipt.ReceiptId, der, new ReceiptBundle(der, evidence)));
            }
            var checkpoint = await new Api.V1.EvidenceLog.EvidenceLogClient(channel).GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: ct);
            var first = stored.Receipts[0];
            var documentSource = await DocumentSourceAsync(parse.GetValue(document), exchange, id, first.DocumentSha256, ct);
            // The file name the sender gave, as the receipt records it (the gRPC summary of a receipt does not carry it).
            var fileName = Evidence.ReceiptVerifier.Verify(first.Signed.Span, TrustStore.Load(anchorsFile)).Content?.Document?.FileName;

            var target = parse.GetValue(output)!;
            await using (var file = File.Create(target.FullName))
            {
                await CaseArchive.WriteAsync(file, id, parse.GetValue(connection.As) ?? "", receipts,
                    documentSource is null ? null : (string.IsNullOrEmpty(fileName) ? "document" : fileName, documentSource),
                    await File.ReadAllBytesAsync(anchorsFile, ct), checkpoint.VerifierKey, DateTimeOffset.UtcNow);
            }
            await CliOutput.WriteAsync(console, parse, json,
                $"{target.FullName}: {receipts.Count} receipts with their log proofs, {(documentSource is null ? "no document (give --document)" : "the document")}, trust anchors and the log key",
                () => new() { ["file"] = target.FullName, ["messageId"] = id, ["receipts"] = receipts.Count, ["document"] = documentSource is not null });
            return GwCommand.Ok;
        }));
        return new Command("case", "A message's whole case, for courts and auditors") { export };
    }

    public static Command CreateVerify(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The case file (.zip) from gw case export" };
        var trust = new Option<FileInfo?>("--trust") { Description = "Trust anchors to pin (PEM file or folder); default: those shipped in the case" };
        var logKey = new Option<string?>("--log-key") { Description = "The evidence log's key to pin (PEM file or C2SP verifier key); default: the one shipped in the case" };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON" };
        var verify = new Command("case", "Verify a case file offline: receipts, log proofs, document digest") { file, trust, logKey, json };
        verify.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliUsageException($"{path.FullName}: no such file");
            using var zip = OpenZip(path.FullName);
            CaseArchive.Contents contents;
            try
            {
                contents = CaseArchive.Read(zip);
            }
            catch (Exception e) when (e is FormatException or JsonException or InvalidDataException or InvalidOperationException)
            {
                throw new CliUsageException($"{path.FullName}: not a case file: {e.Message}");
            }
            var pinnedTrust = parse.GetValue(trust);
            var trustStore = pinnedTrust is null ? ShippedAnchors(contents.TrustAnchorsPem) : TrustStore.Load(pinnedTrust.FullName);
            var origin = contents.Receipts.Count > 0 && Gateway.EvidenceLog.SignedCheckpoint.TryReadUnverified(contents.Receipts[0].Bundle.Evidence.Checkpoint, out var body) ? body!.Origin : "";
            NoteVerifier verifier;
            try
            {
                verifier = parse.GetValue(logKey) is { } key ? LogKeys.LoadVerifier(key, origin) : NoteVerifier.FromVerifierKey(contents.LogVerifierKey);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"log key: {e.Message}");
            }
            var findings = CaseVerifier.Verify(zip, contents, trustStore, verifier);
            var valid = findings.All(f => f.Ok);
            var pins = (pinnedTrust is null ? "trust anchors from the case" : "pinned trust anchors") + ", " + (parse.GetValue(logKey) is null ? "log key from the case" : "pinned log key");
            if (parse.GetValue(json))
            {
                var result = new JsonObject
                {
                    ["valid"] = valid,
                    ["messageId"] = contents.Manifest["messageId"]?.DeepClone(),
                    ["pins"] = pins,
                    ["findings"] = new JsonArray([.. findings.Select(f => (JsonNode)new JsonObject { ["ok"] = f.Ok, ["subject"] = f.Subject, ["text"] = f.Text })]),
                };
                await console.Out.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var finding in findings)
                {
                    var writer = finding.Ok ? console.Out : console.Error;
                    await writer.WriteLineAsync($"{(finding.Ok ? Terminal.Green(writer, "ok  ") : Terminal.Red(writer, "FAIL"))} {finding.Subject}: {finding.Text}");
                }
                await console.Out.WriteLineAsync($"case of message {contents.Manifest["messageId"]}: {(valid ? Terminal.Green(console.Out, "VALID") : Terminal.Red(console.Out, "INVALID"))} ({pins})");
            }
            return valid ? GwCommand.Ok : GwCommand.Failed;
        }));
        return verify;
    }

    private static TrustStore ShippedAnchors(byte[] pem)
    {
        var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        certificates.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
        if (certificates.Count == 0) throw new CliUsageException("the case ships no trust anchors; give --trust");
        return TrustStore.FromCertificates(certificates);
    }

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliUsageException($"{path}: not a ZIP file: {e.Message}");
        }
    }

    /// <summary>The document: the file given (which must be the one the receipts name), or fetched as its recipient; null when neither.</summary>
    private static async Task<Func<Stream, Task>?> DocumentSourceAsync(FileInfo? given, Api.V1.Exchange.ExchangeClient exchange, string messageId, string sha256, CancellationToken ct)
    {
        if (given is not null)
        {
            if (!given.Exists) throw new CliUsageException($"{given.FullName}: no such file");
            await using (var stream = given.OpenRead())
            {
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
                if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                    throw new CliUsageException($"{given.FullName}: SHA-256 {actual} is not the document of message {messageId} ({sha256})");
            }
            return async target =>
            {
                await using var stream = given.OpenRead();
                await stream.CopyToAsync(target, ct);
            };
        }
        try
        {
            // Probe: only the recipient may fetch; the sender gets PERMISSION_DENIED and gives --document instead.
            using var probe = exchange.FetchContent(new FetchContentRequest { MessageId = messageId }, cancellationToken: ct);
            await probe.ResponseStream.MoveNext(ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound)
        {
            return null;
        }
        return async target =>
        {
            using var call = exchange.FetchContent(new FetchContentRequest { MessageId = messageId }, cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct)) call.ResponseStream.Current.Data.WriteTo(target);
        };
    }
}
