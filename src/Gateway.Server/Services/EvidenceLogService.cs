using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Server.Internal;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ApiCheckpoint = Gateway.Api.V1.SignedCheckpoint;
using ApiLogEntry = Gateway.Api.V1.LogEntry;
using SignedCheckpoint = Gateway.EvidenceLog.SignedCheckpoint;

namespace Gateway.Server.Services;

/// <summary>
/// gateway.v1.EvidenceLog: checkpoints, proofs and entries of the log every receipt goes into.
/// Checkpoints, consistency proofs and leaf hashes are for any authenticated agency; inclusion
/// proofs and receipt bytes for the receipt's parties only. Proofs reach the newest checkpoint.
/// </summary>
internal sealed class EvidenceLogService(EvidenceLogStore log) : Api.V1.EvidenceLog.EvidenceLogBase
{
    private const string NotAParty = Exchange.ExchangeReasons.NotAParty;

    public override async Task<GetCheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        var sealedSize = SealedSize();
        SignedCheckpoint? checkpoint;
        if (request.TreeSize == 0)
        {
            checkpoint = log.LatestCheckpoint!;
        }
        else
        {
            if (request.TreeSize > (ulong)sealedSize) throw NotSealed($"the newest checkpoint covers {sealedSize} entries", "tree_size");
            checkpoint = await log.CheckpointAsync((long)request.TreeSize, context.CancellationToken)
                         ?? throw RpcErrors.Create(StatusCode.NotFound, EvidenceLogReasons.CheckpointNotFound,
                             $"no checkpoint was sealed at size {request.TreeSize}; the newest covers {sealedSize}", "tree_size");
        }
        return new GetCheckpointResponse { Checkpoint = ToProto(checkpoint), VerifierKey = log.VerifierKey, PreviousVerifierKeys = { log.PreviousVerifierKeys } };
    }

    public override async Task<GetInclusionProofResponse> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var entry = request.LeafCase switch
        {
            GetInclusionProofRequest.LeafOneofCase.LeafIndex => request.LeafIndex > long.MaxValue ? null : await log.FindEntryAsync(index: (long)request.LeafIndex, ct: ct),
            GetInclusionProofRequest.LeafOneofCase.LeafHash => request.LeafHash.Length == Merkle.Rfc6962.HashSize
                ? await log.FindEntryAsync(leafHash: request.LeafHash.ToByteArray(), ct: ct)
                : throw RpcErrors.Create(StatusCode.InvalidArgument, EvidenceLogReasons.LeafHashInvalid, $"a leaf hash is {Merkle.Rfc6962.HashSize} bytes", "leaf_hash"),
            GetInclusionProofRequest.LeafOneofCase.ReceiptId => request.ReceiptId.Length is > 0 and <= 64 ? await log.FindEntryAsync(receiptId: request.ReceiptId, ct: ct) : null,
            _ => throw RpcErrors.Create(StatusCode.InvalidArgument, EvidenceLogReasons.LeafRequired, "give leaf_index, leaf_hash or receipt_id", "leaf"),
        } ?? throw RpcErrors.Create(StatusCode.NotFound, EvidenceLogReasons.EntryNotFound, "the log has no such entry", "leaf");

        var agency = GatewayInterceptor.Agency(context).Agency;
        if (!entry.Parties.Contains(agency, StringComparer.Ordinal))
            throw RpcErrors.Create(StatusCode.PermissionDenied, NotAParty, "only the parties of a receipt get its inclusion proof", "leaf");

        var sealedSize = SealedSize();
        var treeSize = request.TreeSize == 0 ? sealedSize : CheckedSize(request.TreeSize, sealedSize, "tree_size");
        if (entry.Index >= treeSize)
        {
            if (request.TreeSize != 0)
                throw RpcErrors.Create(StatusCode.InvalidArgument, EvidenceLogReasons.RangeInvalid, $"leaf {entry.Index} is not in a tree of {treeSize} entries", "tree_size");
            throw NotSealed($"leaf {entry.Index} is logged but not yet sealed into a checkpoint (newest covers {sealedSize}); retry after the seal interval");
        }

        var proof = await log.InclusionProofAsync(entry.Index, treeSize, ct);
        var response = new GetInclusionProofResponse
        {
            LeafIndex = (ulong)proof.LeafIndex,
            TreeSize = (ulong)proof.TreeSize,
            LeafHash = ByteString.CopyFrom(proof.LeafHash),
            RootHash = ByteString.CopyFrom(proof.RootHash),
            Checkpoint = proof.Checkpoint is null ? null : ToProto(proof.Checkpoint),
        };
        response.AuditPath.AddRange(proof.AuditPath.Select(ByteString.CopyFrom));
        return response;
    }

    public override async Task<GetConsistencyProofResponse> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context)
    {
        var sealedSize = SealedSize();
        var second = request.SecondSize == 0 ? sealedSize : CheckedSize(request.SecondSize, sealedSize, "second_size");
        if (request.FirstSize == 0 || request.FirstSize > (ulong)second)
            throw RpcErrors.Create(StatusCode.InvalidArgument, EvidenceLogReasons.RangeInvalid,
                $"first_size must be between 1 and the second size ({second})", "first_size");
        var proof = await log.ConsistencyProofAsync((long)request.FirstSize, second, context.CancellationToken);
        var response = new GetConsistencyProofResponse
        {
            FirstSize = (ulong)proof.FirstSize,
            SecondSize = (ulong)proof.SecondSize,
            FirstRoot = ByteString.CopyFrom(proof.FirstRoot),
            SecondRoot = ByteString.CopyFrom(proof.SecondRoot),
            Checkpoint = proof.Checkpoint is null ? null : ToProto(proof.Checkpoint),
        };
        response.Proof.AddRange(proof.Proof.Select(ByteString.CopyFrom));
        return response;
    }

    public override async Task<GetEntriesResponse> GetEntries(GetEntriesRequest request, ServerCallContext context)
    {
        var sealedSize = SealedSize();
        var end = request.End == 0 ? sealedSize : CheckedSize(request.End, sealedSize, "end");
        if (request.Start >= (ulong)end)
            throw RpcErrors.Create(StatusCode.InvalidArgument, EvidenceLogReasons.RangeInvalid, $"start must be below end ({end})", "start");
        var page = await log.EntriesAsync((long)request.Start, end, GatewayInterceptor.Agency(context).Agency, context.CancellationToken);
        var response = new GetEntriesResponse { Start = (ulong)page.Start };
        response.StartRange.AddRange(page.StartRange.Select(ByteString.CopyFrom));
        response.Entries.AddRange(page.Entries.Select(e => new ApiLogEntry
        {
            LeafIndex = (ulong)e.Index,
            LeafHash = ByteString.CopyFrom(e.LeafHash),
            Receipt = e.Data is null ? ByteString.Empty : ByteString.CopyFrom(e.Data),
            ReceiptId = e.ReceiptId ?? "",
        }));
        return response;
    }

    private long SealedSize() => log.LatestCheckpoint?.Size ?? throw NotSealed("the log has not sealed its first checkpoint yet");

    private static long CheckedSize(ulong requested, long sealedSize, string field) =>
        requested <= (ulong)sealedSize ? (long)requested : throw NotSealed($"{field} {requested} is beyond the newest checkpoint ({sealedSize} entries)", field);

    private static RpcException NotSealed(string message, string? field = null) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, EvidenceLogReasons.NotSealed, message, field);

    internal static ApiCheckpoint ToProto(SignedCheckpoint checkpoint)
    {
        var proto = new ApiCheckpoint
        {
            Note = checkpoint.Note,
            Origin = checkpoint.Origin,
            TreeSize = (ulong)checkpoint.Size,
            RootHash = ByteString.CopyFrom(checkpoint.RootHash),
            TimestampToken = ByteString.CopyFrom(checkpoint.TimeStampToken),
        };
        try
        {
            proto.TimestampTime = Timestamp.FromDateTimeOffset(TimeStampTokens.Parse(checkpoint.TimeStampToken).GenTime);
        }
        catch (CryptoFormatException)
        {
            // A token the TSA source returned is stored as it came; a verifier judges it.
        }
        return proto;
    }
}
