using System.CommandLine;
using System.Text.Json.Nodes;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.EvidenceLog;

namespace Gateway.Cli.Internal;

/// <summary>
/// The evidence-log part of `gw verify receipt`: with a bundle, its proof is checked offline; with
/// --log URL the proof is fetched from that gateway; with --log CHECKPOINT_FILE the proof (from the
/// bundle when it is of that size, otherwise from --server) must lead to that very checkpoint. In every
/// case the checkpoint must be signed by the pinned log key, the time-stamp over it (when there is one)
/// must chain to the receipt trust anchors, and the receipt's own log position must be where the proof is.
/// </summary>
internal sealed class ReceiptLogCheck
{
    private readonly ConnectionOptions _connection = new("--tls-trust");
    private readonly LogKeyOption _logKey = new();

    private Option<string?> Log { get; } = new("--log")
    {
        Description = "Also check inclusion in the evidence log: the gateway's URL (the proof is fetched, as --as), or a checkpoint file to check against",
    };

    private Option<int> Wait { get; } = new("--wait") { Description = "With --log URL: seconds to wait for the receipt's checkpoint", DefaultValueFactory = _ => 10 };

    public sealed record Result(LogEvidenceVerification Verdict, InclusionEvidence Evidence, string Source);

    public void AddTo(Command command)
    {
        command.Add(Log);
        command.Add(Wait);
        _logKey.AddTo(command);
        _connection.AddTo(command);
    }

    /// <returns>Null when there is nothing to check: a plain receipt and no --log.</returns>
    public async Task<Result?> RunAsync(ParseResult parse, ReceiptFile file, ReceiptVerification receipt, TrustStore trust, CancellationToken ct)
    {
        var log = parse.GetValue(Log);
        if (log is null && file.Bundle is null) return null;

        InclusionEvidence evidence;
        string source;
        var tokenTrust = trust;
        if (log is null)
        {
            evidence = file.Bundle!.Evidence;
            source = "the bundle";
        }
        else if (Uri.TryCreate(log, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            using var channel = _connection.OpenChannel(parse, log);
            evidence = await InclusionFetcher.FetchAsync(channel, file.Der, 0, TimeSpan.FromSeconds(parse.GetValue(Wait)), ct);
            source = log;
        }
        else
        {
            var (note, token) = InclusionFetcher.ReadCheckpointFile(Path.GetFullPath(log));
            if (!SignedCheckpoint.TryReadUnverified(note, out var body)) throw new CliUsageException($"{log}: not a signed checkpoint");
            if (file.Bundle?.Evidence is { } bundled && bundled.TreeSize == (long)body!.Size)
            {
                evidence = bundled with { Checkpoint = note, CheckpointTimestamp = token };
            }
            else
            {
                using var channel = _connection.OpenChannel(parse);
                evidence = (await InclusionFetcher.FetchAsync(channel, file.Der, (long)body!.Size, TimeSpan.Zero, ct)) with { Checkpoint = note, CheckpointTimestamp = token };
            }
            source = log;
            // A checkpoint the verifier brings is trusted as its own; its time-stamp is checked only if it came with one.
            if (token.Length == 0) tokenTrust = null;
        }

        var verifier = _logKey.Verifier(parse, evidence.Checkpoint, parse.GetValue(_connection.Pki));
        var verdict = evidence.Verify(file.Der, verifier, tokenTrust);
        if (receipt.Content?.Log is { } position)
        {
            var errors = verdict.Errors.ToList();
            var checks = verdict.Checks.ToList();
            if (position.LeafIndex != evidence.LeafIndex)
                errors.Add($"the receipt says it is leaf {position.LeafIndex}, the proof is for leaf {evidence.LeafIndex}");
            else if (verdict.Checkpoint is { } checkpoint && checkpoint.Origin != position.Origin)
                errors.Add($"the receipt names the log '{position.Origin}', the checkpoint is of '{checkpoint.Origin}'");
            else
                checks.Add($"the receipt's own log position ({position.Origin} #{position.LeafIndex}) matches");
            verdict = verdict with { Errors = errors, Checks = checks };
        }
        return new Result(verdict, evidence, source);
    }

    public static void WriteText(TextWriter output, Result? result, ReceiptVerification receipt)
    {
        if (result is null)
        {
            if (receipt.Content?.Log is { } position)
                output.WriteLine($"  log         {position.Origin} #{position.LeafIndex} (inclusion not checked: give --log URL|CHECKPOINT, or verify a bundle)");
            return;
        }
        output.WriteLine($"  log         {(result.Verdict.Valid ? "INCLUDED" : "NOT PROVEN")}: leaf {result.Evidence.LeafIndex} of {result.Evidence.TreeSize}, from {result.Source}");
        foreach (var error in result.Verdict.Errors) output.WriteLine($"  ✗ log: {error}");
        foreach (var check in result.Verdict.Checks) output.WriteLine($"  ✓ log: {check}");
    }

    public static void AddJson(JsonObject json, Result? result)
    {
        if (result is null) return;
        json["log"] = new JsonObject
        {
            ["included"] = result.Verdict.Valid,
            ["origin"] = result.Verdict.Checkpoint?.Origin,
            ["leafIndex"] = result.Evidence.LeafIndex,
            ["treeSize"] = result.Evidence.TreeSize,
            ["checkpointTime"] = result.Verdict.CheckpointTimeStamp?.GenTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["source"] = result.Source,
            ["errors"] = new JsonArray([.. result.Verdict.Errors.Select(e => (JsonNode)e)]),
            ["checks"] = new JsonArray([.. result.Verdict.Checks.Select(c => (JsonNode)c)]),
        };
    }
}
