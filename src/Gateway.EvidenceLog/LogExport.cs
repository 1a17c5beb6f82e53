using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.EvidenceLog;

/// <summary>
/// Entries [<see cref="From"/>, <see cref="To"/>) of a log for offline audit (`gw log export`): the
/// compact range at From, each entry's leaf hash (and receipt, where the exporter may read it), the
/// newest checkpoint with its token, the consistency proof from To to it, and the checkpoint sealed
/// at To when there is one. <see cref="LogAuditor.VerifyExport"/> checks it without the log.
/// </summary>
public sealed record LogExport(
    string Origin, long From, long To, IReadOnlyList<byte[]> StartRange, IReadOnlyList<LogEntry> Entries,
    string Checkpoint, byte[] CheckpointTimestamp, IReadOnlyList<byte[]> ConsistencyProof, string? CheckpointAtTo, byte[]? CheckpointAtToTimestamp)
{
    public const string FormatId = "https://gateway.example/schemas/log-export/v1";

    /// <summary>Reads entries [from, to) (to: the newest checkpoint's size when null) from a source.</summary>
    public static async Task<LogExport> CreateAsync(ILogSource source, long from, long? to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (note, token) = await source.LatestCheckpointAsync(ct).ConfigureAwait(false);
        if (!SignedCheckpoint.TryReadUnverified(note, out var latest)) throw new FormatException("the log's newest checkpoint is not a checkpoint");
        var end = to ?? checked((long)latest!.Size);
        if (from < 0 || from > end || end > (long)latest!.Size)
            throw new ArgumentOutOfRangeException(nameof(to), $"entries {from}–{end} are not within the newest checkpoint's {latest!.Size}");

        // The compact range at `from` comes with the first page of entries.
        if (from == end) throw new ArgumentOutOfRangeException(nameof(to), "export at least one entry");

        var entries = new List<LogEntry>();
        IReadOnlyList<byte[]> startRange = [];
        var position = from;
        var first = true;
        while (position < end)
        {
            var page = await source.EntriesAsync(position, end, ct).ConfigureAwait(false);
            if (first) startRange = page.StartRange;
            first = false;
            if (page.Entries.Count == 0) throw new InvalidDataException($"the log returned no entries from {position}");
            entries.AddRange(page.Entries);
            position += page.Entries.Count;
        }
        IReadOnlyList<byte[]> proof = end > 0 && end < (long)latest.Size ? await source.ConsistencyProofAsync(end, (long)latest.Size, ct).ConfigureAwait(false) : [];
        var atTo = end < (long)latest.Size ? await source.CheckpointAsync(end, ct).ConfigureAwait(false) : null;
        return new LogExport(latest.Origin, from, end, startRange, entries, note, token, proof, atTo?.Note, atTo?.TimeStampToken);
    }

    public byte[] ToJsonBytes()
    {
        var json = new JsonObject
        {
            ["format"] = FormatId,
            ["origin"] = Origin,
            ["from"] = From,
            ["to"] = To,
            ["startRange"] = Base64Array(StartRange),
            ["entries"] = new JsonArray([.. Entries.Select(e => (JsonNode)EntryJson(e))]),
            ["checkpoint"] = Checkpoint,
            ["checkpointTimestamp"] = Convert.ToBase64String(CheckpointTimestamp),
            ["consistencyProof"] = Base64Array(ConsistencyProof),
        };
        if (CheckpointAtTo is not null)
        {
            json["checkpointAtTo"] = CheckpointAtTo;
            json["checkpointAtToTimestamp"] = Convert.ToBase64String(CheckpointAtToTimestamp ?? []);
        }
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <exception cref="FormatException">Not a log export.</exception>
    public static LogExport FromJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            if (JsonNode.Parse(utf8) is not JsonObject json || json["format"]?.GetValue<string>() != FormatId)
                throw new FormatException($"format is not {FormatId}");
            var entries = json["entries"]!.AsArray().Select(e =>
            {
                var o = e!.AsObject();
                var data = o["receipt"]?.GetValue<string>() is { } b64 ? Convert.FromBase64String(b64) : null;
                return new LogEntry(o["leafIndex"]!.GetValue<long>(), Convert.FromBase64String(o["leafHash"]!.GetValue<string>()), data,
                    o["receiptId"]?.GetValue<string>(), o["parties"]?.AsArray().Select(p => p!.GetValue<string>()).ToArray() ?? []);
            }).ToList();
            return new LogExport(json["origin"]!.GetValue<string>(), json["from"]!.GetValue<long>(), json["to"]!.GetValue<long>(),
                Bytes(json["startRange"]), entries, json["checkpoint"]!.GetValue<string>(),
                Convert.FromBase64String(json["checkpointTimestamp"]?.GetValue<string>() ?? ""), Bytes(json["consistencyProof"]),
                json["checkpointAtTo"]?.GetValue<string>(),
                json["checkpointAtToTimestamp"]?.GetValue<string>() is { } t ? Convert.FromBase64String(t) : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new FormatException($"not a log export: {e.Message}", e);
        }
    }

    private static JsonObject EntryJson(LogEntry entry)
    {
        var json = new JsonObject { ["leafIndex"] = entry.Index, ["leafHash"] = Convert.ToBase64String(entry.LeafHash) };
        if (entry.Data is not null) json["receipt"] = Convert.ToBase64String(entry.Data);
        if (entry.ReceiptId is not null) json["receiptId"] = entry.ReceiptId;
        if (entry.Parties.Count > 0) json["parties"] = new JsonArray([.. entry.Parties.Select(p => (JsonNode)p)]);
        return json;
    }

    private static JsonArray Base64Array(IEnumerable<byte[]> hashes) => new([.. hashes.Select(h => (JsonNode)Convert.ToBase64String(h))]);

    private static byte[][] Bytes(JsonNode? node) => node?.AsArray().Select(h => Convert.FromBase64String(h!.GetValue<string>())).ToArray() ?? [];
}
