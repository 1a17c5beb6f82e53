using System.Text;
using Gateway.Crypto;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

/// <summary>
/// Checks that a log only grew since a checkpoint the auditor kept: the newest checkpoint is signed by
/// the log key, the consistency proof from the old one to it verifies, and the entries hash to the
/// signed roots (so a stored row changed or deleted behind the tree shows, not just a rewritten tree).
/// `gw log audit` is this call over gRPC; it trusts nothing the source returns without checking.
/// </summary>
public static class LogAuditor
{
    public static async Task<LogAuditResult> AuditAsync(ILogSource source, string oldCheckpoint, NoteVerifier verifier, LogAuditOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(verifier);
        options ??= new LogAuditOptions();
        var checks = new List<string>();
        var problems = new List<string>();

        if (!SignedCheckpoint.TryOpen(oldCheckpoint, null, verifier, out var old))
            return new LogAuditResult(0, 0, null, 0, checks, ["the old checkpoint is not a checkpoint signed by the log key " + verifier.VerifierKey]);
        checks.Add($"old checkpoint: size {old!.Size}, signed by {verifier.Name}");

        var (note, token) = await source.LatestCheckpointAsync(ct).ConfigureAwait(false);
        if (!SignedCheckpoint.TryOpen(note, token, verifier, out var latest))
            return new LogAuditResult(old.Size, 0, null, 0, checks, ["the log's newest checkpoint is not signed by the log key"]);
        checks.Add($"new checkpoint: size {latest!.Size}, signed by {verifier.Name}");
        CheckTimeStamp(latest, options.TimeStampTrust, checks, problems);

        long entriesChecked = 0;
        if (latest.Size < old.Size)
        {
            problems.Add($"the log shrank from {old.Size} to {latest.Size} entries");
        }
        else if (latest.Size == old.Size)
        {
            if (old.RootHash.AsSpan().SequenceEqual(latest.RootHash)) checks.Add("same size, same root");
            else problems.Add($"two different roots for size {old.Size}: the log forked");
        }
        else if (old.Size > 0)
        {
            var proof = await source.ConsistencyProofAsync(old.Size, latest.Size, ct).ConfigureAwait(false);
            if (MerkleProofs.VerifyConsistency((ulong)old.Size, (ulong)latest.Size, proof, old.RootHash, latest.RootHash))
                checks.Add($"consistency proof {old.Size} → {latest.Size} ({proof.Count} hashes)");
            else
                problems.Add($"the consistency proof from {old.Size} to {latest.Size} does not verify: the log was rewritten, not only appended to");
        }

        if (problems.Count == 0)
        {
            var start = options.Full ? 0 : old.Size;
            try
            {
                entriesChecked = await CheckEntriesAsync(source, start, old, latest, checks, problems, ct).ConfigureAwait(false);
            }
            catch (EvidenceLogCorruptException e)
            {
                problems.Add($"the log cannot serve its entries: {e.Message}");
            }
        }
        return new LogAuditResult(old.Size, latest.Size, latest.Note, entriesChecked, checks, problems);
    }

    /// <summary>
    /// Re-hashes entries [start, new size) on top of the compact range at start and compares the roots at the
    /// old size (when it is in range) and at the new size with the signed ones.
    /// </summary>
    private static async Task<long> CheckEntriesAsync(ILogSource source, long start, SignedCheckpoint old, SignedCheckpoint latest,
        List<string> checks, List<string> problems, CancellationToken ct)
    {
        if (start >= latest.Size)
        {
            checks.Add("no new entries");
            return 0;
        }
        CompactRange? range = null;
        var position = start;
        while (position < latest.Size)
        {
            var page = await source.EntriesAsync(position, latest.Size, ct).ConfigureAwait(false);
            if (range is null)
            {
                try
                {
                    range = new CompactRange((ulong)start, page.StartRange);
                }
                catch (ArgumentException e)
                {
                    problems.Add($"the log's compact range at {start} is malformed: {e.Message}");
                    return position - start;
                }
                if (start == old.Size && !range.Root().AsSpan().SequenceEqual(old.Size == 0 ? Rfc6962.EmptyRoot : old.RootHash))
                {
                    problems.Add($"the stored tree at {start} does not match the old checkpoint's root");
                    return 0;
                }
            }
            if (page.Entries.Count == 0)
            {
                problems.Add($"the log returned no entries from {position}");
                return position - start;
            }
            foreach (var entry in page.Entries)
            {
                if (entry.Index != position)
                {
                    problems.Add($"entry {position} is missing (the log returned {entry.Index})");
                    return position - start;
                }
                var leafHash = entry.LeafHash;
                if (entry.Data is { } data)
                {
                    leafHash = Rfc6962.HashLeaf(data);
                    if (!leafHash.AsSpan().SequenceEqual(entry.LeafHash))
                        problems.Add($"entry {position}: the leaf hash the log reports is not the hash of the receipt it returns");
                }
                if (leafHash is not { Length: Rfc6962.HashSize })
                {
                    problems.Add($"entry {position} has no valid leaf hash");
                    return position - start;
                }
                range.Append(leafHash);
                position++;
                if (position == old.Size && old.Size > start && !range.Root().AsSpan().SequenceEqual(old.RootHash))
                    problems.Add($"entries 0–{old.Size - 1} do not hash to the old checkpoint's root: an old entry was changed or removed");
            }
        }
        if (range!.Root().AsSpan().SequenceEqual(latest.RootHash))
            checks.Add($"entries {start}–{latest.Size - 1} hash to the new checkpoint's root");
        else
            problems.Add($"entries {start}–{latest.Size - 1} do not hash to the new checkpoint's root: an entry was changed, removed or reordered");
        return position - start;
    }

    private static void CheckTimeStamp(SignedCheckpoint checkpoint, TrustStore? trust, List<string> checks, List<string> problems)
    {
        if (trust is null) return;
        var token = TimeStampTokenVerifier.Verify(checkpoint.TimeStampToken, Encoding.UTF8.GetBytes(checkpoint.Note), trust);
        if (token.Valid) checks.Add($"new checkpoint time-stamped {token.Info!.GenTime:O} by {token.Authority?.Subject}");
        else problems.Add($"the new checkpoint's time-stamp does not verify: {token.Error}");
    }

    /// <summary>
    /// Verifies an export offline: the newest checkpoint's signature (and token), the entries on top of the
    /// compact range at their start reproduce the root at their end, and the consistency proof links that
    /// root to the newest checkpoint (and to the checkpoint at the end, when the export has one).
    /// </summary>
    public static LogAuditResult VerifyExport(LogExport export, NoteVerifier verifier, TrustStore? timeStampTrust = null)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(verifier);
        var checks = new List<string>();
        var problems = new List<string>();
        if (!SignedCheckpoint.TryOpen(export.Checkpoint, export.CheckpointTimestamp, verifier, out var latest))
            return new LogAuditResult(export.From, 0, null, 0, checks, ["the export's checkpoint is not signed by the log key " + verifier.VerifierKey]);
        checks.Add($"checkpoint: size {latest!.Size}, signed by {verifier.Name}");
        CheckTimeStamp(latest, timeStampTrust, checks, problems);
        if (export.To > latest.Size || export.From > export.To)
        {
            problems.Add($"entries {export.From}–{export.To} are not within the checkpoint's {latest.Size}");
            return new LogAuditResult(export.From, latest.Size, latest.Note, 0, checks, problems);
        }

        CompactRange range;
        try
        {
            range = new CompactRange((ulong)export.From, export.StartRange);
        }
        catch (ArgumentException e)
        {
            problems.Add($"the compact range at {export.From} is malformed: {e.Message}");
            return new LogAuditResult(export.From, latest.Size, latest.Note, 0, checks, problems);
        }
        var position = export.From;
        foreach (var entry in export.Entries)
        {
            if (entry.Index != position)
            {
                problems.Add($"entry {position} is missing from the export");
                return new LogAuditResult(export.From, latest.Size, latest.Note, position - export.From, checks, problems);
            }
            var leafHash = entry.Data is { } data ? Rfc6962.HashLeaf(data) : entry.LeafHash;
            if (entry.Data is not null && !leafHash.AsSpan().SequenceEqual(entry.LeafHash))
                problems.Add($"entry {position}: its leaf hash is not the hash of its receipt");
            if (leafHash is not { Length: Rfc6962.HashSize })
            {
                problems.Add($"entry {position} has no valid leaf hash");
                return new LogAuditResult(export.From, latest.Size, latest.Note, position - export.From, checks, problems);
            }
            range.Append(leafHash);
            position++;
        }
        if (position != export.To) problems.Add($"the export ends at {position}, not at {export.To}");
        var rootAtTo = range.Root();

        if (export.CheckpointAtTo is { } atTo)
        {
            if (SignedCheckpoint.TryOpen(atTo, export.CheckpointAtToTimestamp, verifier, out var toCheckpoint) && toCheckpoint!.Size == export.To)
            {
                if (toCheckpoint.RootHash.AsSpan().SequenceEqual(rootAtTo)) checks.Add($"entries reproduce the signed root at {export.To}");
                else problems.Add($"the entries do not hash to the signed root at {export.To}");
            }
            else
            {
                problems.Add($"the checkpoint at {export.To} is not signed by the log key");
            }
        }

        if (export.To == latest.Size)
        {
            if (rootAtTo.AsSpan().SequenceEqual(latest.RootHash)) checks.Add($"entries {export.From}–{export.To - 1} hash to the checkpoint's root");
            else problems.Add("the entries do not hash to the checkpoint's root");
        }
        else if (export.To == 0)
        {
            problems.Add("an export that ends at 0 proves nothing");
        }
        else if (MerkleProofs.VerifyConsistency((ulong)export.To, (ulong)latest.Size, export.ConsistencyProof, rootAtTo, latest.RootHash))
        {
            checks.Add($"consistency proof {export.To} → {latest.Size} from the entries' root");
        }
        else
        {
            problems.Add($"the consistency proof from {export.To} to {latest.Size} does not verify against the entries' root");
        }
        return new LogAuditResult(export.From, latest.Size, latest.Note, export.Entries.Count, checks, problems);
    }
}
