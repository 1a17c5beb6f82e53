namespace Gateway.EvidenceLog;

/// <summary>The evidence log's settings (section "Gateway:EvidenceLog" in the server).</summary>
public sealed class EvidenceLogOptions
{
    /// <summary>
    /// The log's name in its checkpoints and the name of its key (C2SP: a schema-less URL that no other
    /// log uses, e.g. "gateway.example.go.th/evidence-log"). Fixed for the life of a log: a database
    /// created under another origin refuses to open. Empty: the server derives "&lt;GatewayId&gt;/evidence-log".
    /// </summary>
    public string? Origin { get; set; }

    /// <summary>
    /// The log's Ed25519 checkpoint key: a PKCS#8 PEM file, or a PKCS#11 URI (pkcs11:token=...;object=...) of an
    /// Ed25519 key in a token (signed with CKM_EDDSA). Empty: the development PKI's log/log.key, made on first
    /// start. Never logged. Changing it in a reloaded configuration rotates the key without a restart.
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// The log's earlier keys, kept after a rotation so that checkpoints they signed stay verifiable: C2SP
    /// verifier keys ("origin+keyid+base64", as GetCheckpoint shows them) or PEM public key files (log.pub).
    /// Published by GetCheckpoint next to the current key.
    /// </summary>
    public List<string> PreviousKeys { get; set; } = [];

    /// <summary>
    /// An RFC 3161 TSA for checkpoints when it should differ from Gateway:Tsa (e.g. a qualified TSA,
    /// affordable at one request per seal). Empty: the gateway's own TSA source.
    /// </summary>
    public string? TsaUrl { get; set; }

    /// <summary>A new checkpoint is sealed at most this often, and as soon as this has passed when entries wait.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one checkpoint's RFC 3161 request may take before that seal counts as failed.</summary>
    public TimeSpan TsaTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long sealing may keep failing (the TSA unreachable) before the log reports itself unhealthy
    /// and, when <see cref="AcceptWhileUnsealed"/> is false, refuses new receipts. X-Road's comparable
    /// setting defaults to 4 hours; a gateway whose receipts are evidence errs shorter.
    /// </summary>
    public TimeSpan TsaOutageBound { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// False (the default, fail-closed): once sealing has failed for longer than
    /// <see cref="TsaOutageBound"/>, no new receipt is issued (Submit answers UNAVAILABLE) until a
    /// checkpoint is sealed again. True: keep issuing receipts; they are logged and sealed when the TSA
    /// is back, and health still reports the outage.
    /// </summary>
    public bool AcceptWhileUnsealed { get; set; }

    /// <summary>
    /// PostgreSQL (several instances): how long a reserved leaf index may stay unwritten before the sealer
    /// treats it as abandoned (its instance died between reserving and storing) and voids it. A receipt
    /// is signed and stored within milliseconds of its reservation; this bounds how long a crash can hold
    /// later receipts out of checkpoints. SQLite knows its reservations in memory and ignores it.
    /// </summary>
    public TimeSpan ReservationLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many entries are folded into the tree per database transaction while sealing.</summary>
    public int MaxEntriesPerTransaction { get; set; } = 16_384;
}
