using Gateway.Merkle;

namespace Gateway.EvidenceLog.Tests;

/// <summary>
/// Tampering with the stored log — a row deleted or changed behind the log's back — is found by
/// <see cref="LogAuditor"/> (the call `gw log audit` makes), and so is a history rewritten and re-signed.
/// </summary>
public sealed class AuditTests
{
    /// <summary>200 entries; the auditor kept the checkpoint at 100.</summary>
    private static async Task<(LogHarness Log, string Old)> LogWithOldCheckpointAsync()
    {
        var h = await LogHarness.StartAsync();
        await h.FillAsync(0, 100);
        await h.Log.SealAsync();
        var old = h.Log.LatestCheckpoint!.Note;
        await h.FillAsync(100, 200);
        await h.Log.SealAsync();
        return (h, old);
    }

    [Fact]
    public async Task An_untouched_log_passes_both_the_incremental_and_the_full_audit()
    {
        var (h, old) = await LogWithOldCheckpointAsync();
        await using var _ = h;
        var audit = await LogAuditor.AuditAsync(h.Log, old, h.Verifier);
        Assert.True(audit.AppendOnly, string.Join("; ", audit.Problems));
        Assert.Equal((100, 200, 100), (audit.OldSize, audit.NewSize, audit.EntriesChecked));
        Assert.Equal(h.Log.LatestCheckpoint!.Note, audit.NewCheckpoint);
        var full = await LogAuditor.AuditAsync(h.Log, old, h.Verifier, new LogAuditOptions { Full = true });
        Assert.True(full.AppendOnly, string.Join("; ", full.Problems));
        Assert.Equal(200, full.EntriesChecked);

        // Auditing from the newest checkpoint: nothing new, still fine.
        Assert.True((await LogAuditor.AuditAsync(h.Log, audit.NewCheckpoint!, h.Verifier)).AppendOnly);
    }

    public static TheoryData<string, string, long, bool> Tampering => new()
    {
        // what, SQL, row, found by the incremental audit (the full audit finds all)
        { "a new entry deleted", "DELETE FROM evidence_log_entries WHERE leaf_index = $i", 150, true },
        { "a new entry's receipt changed", "UPDATE evidence_log_entries SET data = data || x'00' WHERE leaf_index = $i", 150, true },
        { "an old entry deleted", "DELETE FROM evidence_log_entries WHERE leaf_index = $i", 50, false },
        { "an old entry's receipt changed", "UPDATE evidence_log_entries SET data = x'00' || data WHERE leaf_index = $i", 50, false },
        { "the last entry replaced by another receipt", "UPDATE evidence_log_entries SET data = CAST('receipt forged' AS BLOB), leaf_hash = x'00' WHERE leaf_index = $i", 199, true },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_deleted_or_changed_entry_row_fails_the_audit(string what, string sql, long row, bool incremental)
    {
        var (h, old) = await LogWithOldCheckpointAsync();
        await using var _ = h;
        Assert.Equal(1, await h.TamperAsync(sql, ("$i", row)));

        var audit = await LogAuditor.AuditAsync(h.Log, old, h.Verifier);
        Assert.True(audit.AppendOnly != incremental, $"{what}: incremental audit {(audit.AppendOnly ? "passed" : "failed: " + string.Join("; ", audit.Problems))}");
        var full = await LogAuditor.AuditAsync(h.Log, old, h.Verifier, new LogAuditOptions { Full = true });
        Assert.False(full.AppendOnly, $"{what}: the full audit passed");
    }

    [Fact]
    public async Task A_changed_tree_node_that_a_proof_uses_fails_the_audit()
    {
        var (h, old) = await LogWithOldCheckpointAsync();
        await using var _ = h;
        var used = ProofRecipes.Consistency(100, 200).Nodes[0];
        Assert.Equal(1, await h.TamperAsync("UPDATE evidence_log_nodes SET hash = zeroblob(32) WHERE level = $l AND node_index = $i", ("$l", used.Level), ("$i", (long)used.Index)));
        var audit = await LogAuditor.AuditAsync(h.Log, old, h.Verifier);
        Assert.False(audit.AppendOnly);
        Assert.Contains(audit.Problems, p => p.Contains("consistency proof"));

        // A node of the compact range the entries are re-hashed from.
        var start = ProofRecipes.CompactRange(100)[^1];
        await h.TamperAsync("UPDATE evidence_log_nodes SET hash = zeroblob(32) WHERE level = $l AND node_index = $i", ("$l", start.Level), ("$i", (long)start.Index));
        Assert.False((await LogAuditor.AuditAsync(h.Log, old, h.Verifier)).AppendOnly);
    }

    [Fact]
    public async Task A_missing_node_is_reported_as_damage_not_served_as_a_proof()
    {
        var (h, _) = await LogWithOldCheckpointAsync();
        await using var __ = h;
        await h.TamperAsync("DELETE FROM evidence_log_nodes WHERE level = 0 AND node_index = 7");
        await Assert.ThrowsAsync<EvidenceLogCorruptException>(() => h.Log.InclusionProofAsync(7, 200));
    }

    [Fact]
    public async Task A_history_rewritten_and_re_signed_with_the_log_key_fails_the_consistency_check()
    {
        var (h, old) = await LogWithOldCheckpointAsync();
        await using var _ = h;
        // An insider with the key rebuilds the log with one old receipt changed and signs new checkpoints.
        await using var rewritten = await LogHarness.StartAsync();
        var forged = new SqliteEvidenceLog(rewritten.ConnectionString + "-forged", rewritten.Options, h.Signer, rewritten.TimeStamps);
        await rewritten.Log.DisposeAsync();
        await using (forged)
        {
            await forged.OpenAsync();
            var entries = Enumerable.Range(0, 200).Select(i => (LogHarness.Data(i == 42 ? "changed" : "r" + i), "r" + i, new[] { "agency-a" })).ToList();
            await forged.AppendBatchAsync(entries);
            await forged.SealAsync();
            var audit = await LogAuditor.AuditAsync(forged, old, h.Verifier);
            Assert.False(audit.AppendOnly);
            Assert.Contains(audit.Problems, p => p.Contains("rewritten"));
        }
    }

    [Fact]
    public async Task Checkpoints_not_signed_by_the_pinned_key_are_refused()
    {
        var (h, old) = await LogWithOldCheckpointAsync();
        await using var _ = h;
        var stranger = NoteVerifier.FromVerifierKey(NoteSigner.Generate(LogHarness.Origin).VerifierKey);
        Assert.False((await LogAuditor.AuditAsync(h.Log, old, stranger)).AppendOnly);
        Assert.False((await LogAuditor.AuditAsync(h.Log, "not a checkpoint", h.Verifier)).AppendOnly);
    }

    [Fact]
    public async Task An_export_verifies_offline_and_a_changed_export_does_not()
    {
        var (h, _) = await LogWithOldCheckpointAsync();
        await using var __ = h;
        var export = await LogExport.CreateAsync(h.Log, 37, 100);
        Assert.NotNull(export.CheckpointAtTo);
        var read = LogExport.FromJson(export.ToJsonBytes());
        var verdict = LogAuditor.VerifyExport(read, h.Verifier);
        Assert.True(verdict.AppendOnly, string.Join("; ", verdict.Problems));
        Assert.Equal(63, verdict.EntriesChecked);

        var whole = LogAuditor.VerifyExport(LogExport.FromJson((await LogExport.CreateAsync(h.Log, 0, null)).ToJsonBytes()), h.Verifier);
        Assert.True(whole.AppendOnly, string.Join("; ", whole.Problems));

        var entries = read.Entries.ToList();
        entries[5] = entries[5] with { Data = LogHarness.Data("changed"), LeafHash = Rfc6962.HashLeaf(LogHarness.Data("changed")) };
        Assert.False(LogAuditor.VerifyExport(read with { Entries = entries }, h.Verifier).AppendOnly);
        Assert.False(LogAuditor.VerifyExport(read with { Entries = read.Entries.Where(e => e.Index != 50).ToList() }, h.Verifier).AppendOnly);
        Assert.False(LogAuditor.VerifyExport(read with { ConsistencyProof = [] }, h.Verifier).AppendOnly);
        Assert.Throws<FormatException>(() => LogExport.FromJson("{\"format\":\"other\"}"u8));
    }
}
