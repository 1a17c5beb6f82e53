using Gateway.Api.V1;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Cli.Internal;

/// <summary>Asks the gateway for a receipt's inclusion proof (by its leaf hash), waiting for the next seal when it is not covered yet.</summary>
internal static class InclusionFetcher
{
    /// <param name="treeSize">0: the newest checkpoint.</param>
    /// <returns>The evidence; its checkpoint is empty when none was sealed at exactly <paramref name="treeSize"/>.</returns>
    public static async Task<InclusionEvidence> FetchAsync(GrpcChannel channel, byte[] receipt, long treeSize, TimeSpan wait, CancellationToken ct)
    {
        var client = new Api.V1.EvidenceLog.EvidenceLogClient(channel);
        var request = new GetInclusionProofRequest { LeafHash = ByteString.CopyFrom(Rfc6962.HashLeaf(receipt)), TreeSize = (ulong)treeSize };
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var response = await client.GetInclusionProofAsync(request, cancellationToken: ct);
                return new InclusionEvidence((long)response.LeafIndex, (long)response.TreeSize, response.RootHash.ToByteArray(),
                    response.AuditPath.Select(h => h.ToByteArray()).ToArray(), response.Checkpoint?.Note ?? "", response.Checkpoint?.TimestampToken.ToByteArray() ?? []);
            }
            catch (RpcException e) when (e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason == EvidenceLogReasons.NotSealed && DateTime.UtcNow < deadline)
            {
                // Logged but not yet in a checkpoint: the next seal is at most one seal interval away.
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    /// <summary>A checkpoint kept in a file: a signed note as is, or any JSON of ours with "checkpoint" (and "checkpointTimestamp").</summary>
    public static (string Note, byte[] Token) ReadCheckpointFile(string path)
    {
        if (!File.Exists(path)) throw new CliUsageException($"{path}: no such checkpoint file");
        var text = File.ReadAllText(path);
        if (!text.TrimStart().StartsWith('{')) return (text, []);
        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
            var note = json["checkpoint"]?.GetValue<string>() ?? throw new CliUsageException($"{path}: no \"checkpoint\" field");
            var token = json["checkpointTimestamp"]?.GetValue<string>() is { } b64 ? Convert.FromBase64String(b64) : [];
            return (note, token);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new CliUsageException($"{path}: not a checkpoint: {e.Message}");
        }
    }
}
