using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Merkle;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw log proof|audit|export`: a receipt's inclusion proof, an append-only audit from a kept
/// checkpoint, and an export of entries for offline audit. Exit 0 good, 1 failed check, 2 usage.
/// </summary>
internal static class LogCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliConsole console) =>
        new("log", "The evidence log: inclusion proofs, audits, exports") { Proof(console), Audit(console), Export(console) };

    private static Option<int> WaitOption() => new("--wait")
    {
        Description = "Seconds to wait for the receipt's checkpoint when it is logged but not sealed yet",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>`gw log proof --receipt FILE [--json]`: fetches and checks the receipt's inclusion proof at the newest checkpoint.</summary>
    private static Command Proof(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var logKey = new LogKeyOption();
        var receipt = new Option<FileInfo>("--receipt") { Description = "The receipt (.p7s) or a bundle", Required = true };
        var json = new Option<bool>("--json") { Description = "Print leafIndex, treeSize, rootHash, auditPath and the signed checkpoint as JSON" };
        var wait = WaitOption();
        var command = new Command("proof", "A receipt's inclusion proof and the checkpoint it leads to") { receipt, json, wait };
        connection.AddTo(command);
        logKey.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var file = await ReceiptFile.ReadAsync(parse.GetValue(receipt)!.FullName, ct);
            using var channel = connection.OpenChannel(parse);
            var evidence = await InclusionFetcher.FetchAsync(channel, file.Der, 0, TimeSpan.FromSeconds(parse.GetValue(wait)), ct);
            var verdict = Check(parse, logKey, connection, file.Der, evidence, console);
            if (parse.GetValue(json))
            {
                var output = evidence.ToJson();
                output["leafHash"] = Convert.ToBase64String(Rfc6962.HashLeaf(file.Der));
                output["origin"] = verdict?.Checkpoint?.Origin ?? (SignedCheckpoint.TryReadUnverified(evidence.Checkpoint, out var body) ? body!.Origin : null);
                output["verified"] = verdict?.Valid;
                await console.Out.WriteLineAsync(output.ToJsonString(Indented));
            }
            else
            {
                WriteProof(console.Out, parse.GetValue(receipt)!.Name, evidence, verdict);
            }
            return verdict?.Valid == false ? GwCommand.Failed : GwCommand.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Checks fetched evidence: the audit path and, when the log key is known, the checkpoint signature.
    /// Null when no key is available (the path was still checked against the root; a failure throws).
    /// </summary>
    internal static LogEvidenceVerification? Check(ParseResult parse, LogKeyOption logKey, ConnectionOptions connection, byte[] receipt, InclusionEvidence evidence, CliConsole console)
    {
        NoteVerifier verifier;
        try
        {
            verifier = logKey.Verifier(parse, evidence.Checkpoint, parse.GetValue(connection.Pki));
        }
        catch (CliUsageException e) when (parse.GetValue(logKey.Key) is null)
        {
            console.Error.WriteLine($"gw: note: checkpoint signature not checked ({e.Message})");
            if (!MerkleProofs.VerifyInclusion((ulong)evidence.LeafIndex, (ulong)evidence.TreeSize, Rfc6962.HashLeaf(receipt), evidence.AuditPath, evidence.RootHash))
                return new LogEvidenceVerification([], ["the audit path does not lead from this receipt to the root"], null, null);
            return null;
        }
        var verdict = evidence.Verify(receipt, verifier, null);
        foreach (var error in verdict.Errors) console.Error.WriteLine($"gw: {error}");
        return verdict;
    }

    private static void WriteProof(TextWriter output, string name, InclusionEvidence evidence, LogEvidenceVerification? verdict)
    {
        var origin = SignedCheckpoint.TryReadUnverified(evidence.Checkpoint, out var body) ? body!.Origin : "?";
        output.WriteLine($"{name}: {(verdict?.Valid == false ? "NOT PROVEN" : "included")} in {origin}");
        output.WriteLine($"  leaf index  {evidence.LeafIndex} of {evidence.TreeSize}");
        output.WriteLine($"  root        {Convert.ToBase64String(evidence.RootHash)}");
        output.WriteLine($"  audit path  {evidence.AuditPath.Count} hashes");
        output.WriteLine($"  checkpoint  {(verdict is null ? "signature not checked" : verdict.Valid ? "signed by the log key" : "INVALID")}");
    }

    /// <summary>`gw log audit --from OLD_CHECKPOINT` (or `--export FILE`, offline).</summary>
    private static Command Audit(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var logKey = new LogKeyOption();
        var from = new Option<FileInfo?>("--from") { Description = "A checkpoint kept from before: a signed note, or JSON with a \"checkpoint\" field (gw log proof --json, a bundle)" };
        var export = new Option<FileInfo?>("--export") { Description = "Audit an export file (gw log export) offline instead" };
        var full = new Option<bool>("--full") { Description = "Re-hash every entry from the first, not only those appended since --from" };
        var tsaTrust = new Option<FileInfo?>("--tsa-trust") { Description = "Roots the checkpoint's time-stamp must chain to (default: the TLS roots)" };
        var save = new Option<FileInfo?>("--out", "-o") { Description = "Write the newest checkpoint here, for the next audit" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("audit", "Check that the log was only appended to since a checkpoint") { from, export, full, tsaTrust, save, json };
        connection.AddTo(command);
        logKey.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var fromFile = parse.GetValue(from);
            var exportFile = parse.GetValue(export);
            if ((fromFile is null) == (exportFile is null)) throw new CliUsageException("give --from OLD_CHECKPOINT, or --export FILE");
            var trustPath = parse.GetValue(tsaTrust)?.FullName ?? parse.GetValue(connection.Trust)?.FullName
                            ?? new DevPkiLayout(parse.GetValue(connection.Pki)!.FullName).RootsPem;
            var trust = File.Exists(trustPath) || Directory.Exists(trustPath) ? TrustStore.Load(trustPath) : null;

            LogAuditResult result;
            if (exportFile is not null)
            {
                if (!exportFile.Exists) throw new CliUsageException($"{exportFile.FullName}: no such export");
                LogExport read;
                try
                {
                    read = LogExport.FromJson(await File.ReadAllBytesAsync(exportFile.FullName, ct));
                }
                catch (FormatException e)
                {
                    throw new CliUsageException($"{exportFile.FullName}: {e.Message}");
                }
                result = LogAuditor.VerifyExport(read, logKey.Verifier(parse, read.Checkpoint, parse.GetValue(connection.Pki)), trust);
            }
            else
            {
                var (oldNote, _) = InclusionFetcher.ReadCheckpointFile(fromFile!.FullName);
                var verifier = logKey.Verifier(parse, oldNote, parse.GetValue(connection.Pki));
                using var channel = connection.OpenChannel(parse);
                var source = new GrpcLogSource(new Api.V1.EvidenceLog.EvidenceLogClient(channel));
                result = await LogAuditor.AuditAsync(source, oldNote, verifier, new LogAuditOptions { Full = parse.GetValue(full), TimeStampTrust = trust }, ct);
            }

            if (parse.GetValue(save) is { } target && result.NewCheckpoint is { } note) await File.WriteAllTextAsync(target.FullName, note, ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(new JsonObject
                {
                    ["appendOnly"] = result.AppendOnly,
                    ["oldSize"] = result.OldSize,
                    ["newSize"] = result.NewSize,
                    ["entriesChecked"] = result.EntriesChecked,
                    ["checks"] = new JsonArray([.. result.Checks.Select(c => (JsonNode)c)]),
                    ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode)p)]),
                    ["checkpoint"] = result.NewCheckpoint,
                }.ToJsonString(Indented));
            }
            else
            {
                var output = result.AppendOnly ? console.Out : console.Error;
                await output.WriteLineAsync(result.AppendOnly
                    ? $"APPEND-ONLY: the log at {result.OldSize} entries is a prefix of the log at {result.NewSize} ({result.EntriesChecked} entries re-hashed)"
                    : $"NOT APPEND-ONLY: {result.Problems.Count} problem(s) between {result.OldSize} and {result.NewSize} entries");
                foreach (var problem in result.Problems) await output.WriteLineAsync($"  ✗ {problem}");
                foreach (var check in result.Checks) await output.WriteLineAsync($"  ✓ {check}");
            }
            return result.AppendOnly ? GwCommand.Ok : GwCommand.Failed;
        }));
        return command;
    }

    /// <summary>`gw log export --from N --to M -o FILE`.</summary>
    private static Command Export(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var from = new Option<long>("--from") { Description = "First leaf index", DefaultValueFactory = _ => 0 };
        var to = new Option<long?>("--to") { Description = "End (exclusive); default: the newest checkpoint's size" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The export file (JSON)", Required = true };
        var json = CliOutput.JsonOption();
        var command = new Command("export", "Write entries, the compact range before them and checkpoints, for offline audit") { from, to, output, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var channel = connection.OpenChannel(parse);
            var source = new GrpcLogSource(new Api.V1.EvidenceLog.EvidenceLogClient(channel));
            LogExport export;
            try
            {
                export = await LogExport.CreateAsync(source, parse.GetValue(from), parse.GetValue(to), ct);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CliUsageException(e.Message.Split(" (Parameter")[0]);
            }
            var target = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(target.FullName, export.ToJsonBytes(), ct);
            var withData = export.Entries.Count(e => e.Data is not null);
            var checkpointSize = SignedCheckpoint.TryReadUnverified(export.Checkpoint, out var body) ? (long)body!.Size : 0;
            await CliOutput.WriteAsync(console, parse, json,
                $"{target.FullName}: entries {export.From}–{export.To - 1} of {export.Origin} ({withData} with the receipt, the others by leaf hash), checkpoint of {checkpointSize}",
                () => new() { ["file"] = target.FullName, ["from"] = export.From, ["to"] = export.To, ["withReceipt"] = withData, ["checkpointSize"] = checkpointSize });
            return GwCommand.Ok;
        }));
        return command;
    }
}
