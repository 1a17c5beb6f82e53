namespace Gateway.EvidenceLog;

/// <summary>Stable reasons (google.rpc.ErrorInfo) of the evidence log and its service.</summary>
public static class EvidenceLogReasons
{
    /// <summary>UNAVAILABLE: sealing has failed for longer than the bound and the log is fail-closed; no receipt is issued.</summary>
    public const string Unavailable = "EVIDENCE_LOG_UNAVAILABLE";

    /// <summary>FAILED_PRECONDITION: the entry or tree size exists but no checkpoint covers it yet; retry after the seal interval.</summary>
    public const string NotSealed = "LOG_NOT_SEALED";

    /// <summary>NOT_FOUND: no entry with that index, leaf hash or receipt id.</summary>
    public const string EntryNotFound = "LOG_ENTRY_NOT_FOUND";

    /// <summary>NOT_FOUND: no checkpoint was sealed at that tree size.</summary>
    public const string CheckpointNotFound = "LOG_CHECKPOINT_NOT_FOUND";

    /// <summary>INVALID_ARGUMENT: none of leaf index, leaf hash or receipt id was given.</summary>
    public const string LeafRequired = "LOG_LEAF_REQUIRED";

    /// <summary>INVALID_ARGUMENT: a leaf hash that is not 32 bytes.</summary>
    public const string LeafHashInvalid = "LOG_LEAF_HASH_INVALID";

    /// <summary>INVALID_ARGUMENT: sizes or a range that cannot form a proof (first size 0 or above the second, start not below end, too many entries).</summary>
    public const string RangeInvalid = "LOG_RANGE_INVALID";

    /// <summary>DATA_LOSS: an entry the tree commits to is missing from storage (the stored log was tampered with or damaged).</summary>
    public const string EntryMissing = "LOG_ENTRY_MISSING";
}
