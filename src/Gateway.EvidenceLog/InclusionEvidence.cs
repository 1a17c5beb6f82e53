using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Crypto;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

/// <summary>
/// Everything needed to show, offline, that some bytes are leaf <see cref="LeafIndex"/> of the log:
/// the RFC 9162 audit path to the root of <see cref="TreeSize"/> leaves, the checkpoint of that size
/// signed by the log key, and the checkpoint's RFC 3161 token. Its JSON is the contract of
/// `gw log proof --json`: leafIndex, treeSize, rootHash, auditPath (standard base64), checkpoint
/// (the signed note), checkpointTimestamp (base64 DER token); fields are added, never renamed.
/// </summary>
public sealed record InclusionEvidence(long LeafIndex, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> AuditPath, string Checkpoint, byte[] CheckpointTimestamp)
{
    /// <summary>From a proof the log served at a checkpoint's size.</summary>
    /// <exception cref="ArgumentException">The proof's tree size has no sealed checkpoint.</exception>
    public static InclusionEvidence From(LogInclusionProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var checkpoint = proof.Checkpoint ?? throw new ArgumentException("an inclusion proof is evidence only together with the checkpoint of its size", nameof(proof));
        return new InclusionEvidence(proof.LeafIndex, proof.TreeSize, proof.RootHash, proof.AuditPath, checkpoint.Note, checkpoint.TimeStampToken);
    }

    public JsonObject ToJson() => new()
    {
        ["leafIndex"] = LeafIndex,
        ["treeSize"] = TreeSize,
        ["rootHash"] = Convert.ToBase64String(RootHash),
        ["auditPath"] = new JsonArray([.. AuditPath.Select(h => (JsonNode)Convert.ToBase64String(h))]),
        ["checkpoint"] = Checkpoint,
        ["checkpointTimestamp"] = Convert.ToBase64String(CheckpointTimestamp),
    };

    /// <exception cref="FormatException">A field is missing or malformed.</exception>
    public static InclusionEvidence FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return new InclusionEvidence(
                Required(json, "leafIndex").GetValue<long>(),
                Required(json, "treeSize").GetValue<long>(),
                Convert.FromBase64String(Required(json, "rootHash").GetValue<string>()),
                Required(json, "auditPath").AsArray().Select(h => Convert.FromBase64String(h!.GetValue<string>())).ToArray(),
                Required(json, "checkpoint").GetValue<string>(),
                json["checkpointTimestamp"] is { } token ? Convert.FromBase64String(token.GetValue<string>()) : []);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or System.Text.Json.JsonException)
        {
            throw new FormatException($"not inclusion evidence: {e.Message}", e);
        }
    }

    private static JsonNode Required(JsonObject json, string name) => json[name] ?? throw new FormatException($"'{name}' is missing");

    /// <summary>
    /// Checks that <paramref name="leafData"/> is leaf <see cref="LeafIndex"/> under the checkpoint: the note
    /// is signed by <paramref name="verifier"/> and names this size and root, the audit path leads from
    /// the leaf hash to that root, and — when <paramref name="timeStampTrust"/> is given — the token over
    /// the note verifies to those anchors. Never throws on malformed evidence.
    /// </summary>
    public LogEvidenceVerification Verify(ReadOnlySpan<byte> leafData, NoteVerifier verifier, TrustStore? timeStampTrust)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var checks = new List<string>();
        var errors = new List<string>();
        if (!SignedCheckpoint.TryOpen(Checkpoint, CheckpointTimestamp, verifier, out var checkpoint))
        {
            errors.Add($"the checkpoint is not signed by the log key {verifier.Name}");
            return new LogEvidenceVerification(checks, errors, null, null);
        }
        checks.Add($"checkpoint signed by the log key {verifier.VerifierKey}");

        if (checkpoint!.Size != TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(RootHash))
            errors.Add($"the checkpoint is of size {checkpoint.Size}, the proof claims size {TreeSize} (or another root)");
        var leafHash = Rfc6962.HashLeaf(leafData);
        if (LeafIndex < 0 || TreeSize < 1 || !MerkleProofs.VerifyInclusion((ulong)LeafIndex, (ulong)TreeSize, leafHash, AuditPath, checkpoint.RootHash))
            errors.Add($"the audit path does not lead from this receipt as leaf {LeafIndex} to the checkpoint's root");
        else
            checks.Add($"inclusion: leaf {LeafIndex} of {TreeSize} (RFC 9162 audit path of {AuditPath.Count} hashes)");

        TimeStampTokenInfo? time = null;
        if (timeStampTrust is not null)
        {
            var token = TimeStampTokenVerifier.Verify(CheckpointTimestamp, Encoding.UTF8.GetBytes(Checkpoint), timeStampTrust);
            if (token.Valid)
            {
                time = token.Info;
                checks.Add($"checkpoint time-stamp (genTime {token.Info!.GenTime:O}) by {token.Authority?.Subject}");
            }
            else
            {
                errors.Add($"checkpoint time-stamp: {token.Error}");
            }
        }
        return new LogEvidenceVerification(checks, errors, checkpoint, time);
    }

    /// <summary>SHA-256 of the note's UTF-8 bytes: the message imprint of <see cref="CheckpointTimestamp"/>.</summary>
    public byte[] CheckpointImprint() => SHA256.HashData(Encoding.UTF8.GetBytes(Checkpoint));
}
