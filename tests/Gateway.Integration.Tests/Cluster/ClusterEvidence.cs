using System.Security.Cryptography;
using Gateway.Api.V1;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Integration.Tests.Cluster;

/// <summary>
/// What a client of a gateway cluster can check with the receipts it holds, through the gateway's own API
/// and offline verification: each receipt verifies, is stored, and is included in a signed checkpoint; the
/// checkpoints are consistent; stored documents still have their digests.
/// </summary>
internal sealed class ClusterEvidence(GrpcChannel channel, DevPkiLayout pki)
{
    private readonly TrustStore _trust = TrustStore.Load(pki.RootsPem);

    public static Metadata As(string agency) => new() { { "x-gateway-agency", agency } };

    public Api.V1.EvidenceLog.EvidenceLogClient Log { get; } = new(channel);

    public Api.V1.Exchange.ExchangeClient Exchange { get; } = new(channel);

    /// <summary>The newest checkpoint once it covers at least <paramref name="size"/> entries (sealing is asynchronous).</summary>
    public async Task<Api.V1.SignedCheckpoint> CheckpointCoveringAsync(long size, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var checkpoint = await NewestCheckpointAsync();
            if ((long)checkpoint.TreeSize >= size) return checkpoint;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the log's newest checkpoint covers {checkpoint.TreeSize} entries, not {size}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The newest checkpoint, waiting for the gateway to answer: right after a restart the channel is still
    /// backing off from the refused connections of the dead process.
    /// </summary>
    public async Task<Api.V1.SignedCheckpoint> NewestCheckpointAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return (await Log.GetCheckpointAsync(new GetCheckpointRequest(), As("agency-a"), deadline: deadline)).Checkpoint;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The receipt verifies offline and names its position in the log; returns that position.</summary>
    public long VerifyReceipt(HeldReceipt held)
    {
        var verification = ReceiptVerifier.Verify(held.Der, _trust);
        Assert.True(verification.Valid, $"receipt of {held.MessageId}: {string.Join("; ", verification.AllErrors)}");
        return verification.Content!.Log?.LeafIndex ?? throw new Xunit.Sdk.XunitException($"receipt of {held.MessageId} names no log position");
    }

    /// <summary>The receipt's inclusion proof, served to its holder, verifies against a checkpoint signed with the pinned log key.</summary>
    public async Task VerifyIncludedAsync(HeldReceipt held, long leafIndex, NoteVerifier logKey)
    {
        var proof = await Log.GetInclusionProofAsync(new GetInclusionProofRequest { LeafIndex = (ulong)leafIndex }, As(held.Holder));
        Assert.Equal(Rfc6962.HashLeaf(held.Der), proof.LeafHash.ToByteArray());
        Assert.True(MerkleProofs.VerifyInclusion((ulong)leafIndex, proof.TreeSize, proof.LeafHash.Span, proof.AuditPath.Select(p => p.ToByteArray()).ToList(), proof.RootHash.Span),
            $"inclusion of {held.MessageId} at {leafIndex}");
        VerifyCheckpoint(proof.Checkpoint, logKey, proof.TreeSize, proof.RootHash);
    }

    public static void VerifyCheckpoint(Api.V1.SignedCheckpoint checkpoint, NoteVerifier logKey, ulong size, ByteString root)
    {
        Assert.True(Gateway.EvidenceLog.SignedCheckpoint.TryOpen(checkpoint.Note, checkpoint.TimestampToken.ToByteArray(), logKey, out var opened), "checkpoint signature");
        Assert.Equal((long)size, opened!.Size);
        Assert.Equal(root.ToByteArray(), opened.RootHash);
    }

    /// <summary>The log only grew between two checkpoints: their consistency proof holds.</summary>
    public async Task VerifyConsistentAsync(Api.V1.SignedCheckpoint older, Api.V1.SignedCheckpoint newer, NoteVerifier logKey)
    {
        VerifyCheckpoint(newer, logKey, newer.TreeSize, newer.RootHash);
        if (older.TreeSize == 0 || older.TreeSize == newer.TreeSize)
        {
            if (older.TreeSize == newer.TreeSize) Assert.Equal(older.RootHash, newer.RootHash);
            return;
        }
        var proof = await Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = older.TreeSize, SecondSize = newer.TreeSize }, As("agency-a"));
        Assert.True(MerkleProofs.VerifyConsistency(older.TreeSize, newer.TreeSize, proof.Proof.Select(p => p.ToByteArray()).ToList(), older.RootHash.Span, newer.RootHash.Span),
            $"consistency {older.TreeSize} -> {newer.TreeSize}");
    }

    /// <summary>The stored receipts of the message include this one, byte for byte.</summary>
    public async Task VerifyStoredAsync(HeldReceipt held)
    {
        var stored = await Exchange.GetReceiptsAsync(new GetReceiptsRequest { MessageId = held.MessageId }, As(held.Holder));
        Assert.Contains(stored.Receipts, r => r.Signed.Span.SequenceEqual(held.Der));
    }

    /// <summary>The document, fetched by its recipient, still has the digest its receipt names.</summary>
    public async Task VerifyDocumentAsync(HeldReceipt held, string recipient)
    {
        using var call = Exchange.FetchContent(new FetchContentRequest { MessageId = held.MessageId }, As(recipient));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) sha.AppendData(call.ResponseStream.Current.Data.Span);
        Assert.Equal(held.DocumentSha256, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public static byte[] Document(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        // Printable, so that it passes as text/plain.
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)('a' + bytes[i] % 26);
        return bytes;
    }
}
