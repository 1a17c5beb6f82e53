using Gateway.Api.V1;
using Gateway.EvidenceLog;
using Google.Rpc;
using Grpc.Core;
using LogEntry = Gateway.EvidenceLog.LogEntry;

namespace Gateway.Cli.Internal;

/// <summary>The gateway's evidence log over gRPC, for <see cref="LogAuditor"/> and exports. Nothing here is trusted: the auditor checks it.</summary>
internal sealed class GrpcLogSource(Api.V1.EvidenceLog.EvidenceLogClient client) : ILogSource
{
    public async Task<(string Note, byte[] TimeStampToken)> LatestCheckpointAsync(CancellationToken ct)
    {
        var response = await client.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: ct);
        return (response.Checkpoint.Note, response.Checkpoint.TimestampToken.ToByteArray());
    }

    public async Task<(string Note, byte[] TimeStampToken)?> CheckpointAsync(long treeSize, CancellationToken ct)
    {
        try
        {
            var response = await client.GetCheckpointAsync(new GetCheckpointRequest { TreeSize = (ulong)treeSize }, cancellationToken: ct);
            return (response.Checkpoint.Note, response.Checkpoint.TimestampToken.ToByteArray());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken ct)
    {
        var response = await client.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = (ulong)firstSize, SecondSize = (ulong)secondSize }, cancellationToken: ct);
        return response.Proof.Select(p => p.ToByteArray()).ToArray();
    }

    public async Task<LogEntryPage> EntriesAsync(long start, long end, CancellationToken ct)
    {
        try
        {
            var response = await client.GetEntriesAsync(new GetEntriesRequest { Start = (ulong)start, End = (ulong)end }, cancellationToken: ct);
            return new LogEntryPage((long)response.Start, response.StartRange.Select(h => h.ToByteArray()).ToArray(),
                response.Entries.Select(e => new LogEntry((long)e.LeafIndex, e.LeafHash.ToByteArray(), e.Receipt.IsEmpty ? null : e.Receipt.ToByteArray(),
                    e.ReceiptId.Length == 0 ? null : e.ReceiptId, [])).ToArray());
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DataLoss)
        {
            // The gateway itself found its stored log damaged: for an auditor, a failed audit with the gateway's words.
            throw new EvidenceLogCorruptException(e.GetRpcStatus()?.Message ?? e.Status.Detail);
        }
    }
}
