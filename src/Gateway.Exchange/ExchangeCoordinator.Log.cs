using Gateway.Evidence;
using Gateway.EvidenceLog;

namespace Gateway.Exchange;

public sealed partial class ExchangeCoordinator
{
    /// <summary>
    /// The evidence log every receipt of the exchange goes into: acceptances and hand-overs in the same
    /// transaction as their rows, rejections on their own. Null: receipts are not logged (the exchange
    /// tested alone). Give the store the same log (<see cref="SqliteExchangeStore(SqliteExchangeStoreOptions, SqliteEvidenceLog)"/>,
    /// <see cref="PostgresExchangeStore(PostgresExchangeStoreOptions, PostgresEvidenceLog)"/>).
    /// </summary>
    public EvidenceLogStore? EvidenceLog { get; init; }

    /// <summary>Fail-closed before any work: when the log refuses receipts, nothing can be accepted or rejected with one.</summary>
    private void EnsureLogAccepting() => EvidenceLog?.EnsureAccepting();

    /// <summary>A leaf index for a receipt about to be signed; dispose it, and Complete it once the store has made the receipt durable.</summary>
    private async ValueTask<LogReservation?> ReserveLogSlotAsync(CancellationToken cancellationToken) =>
        EvidenceLog is null ? null : await EvidenceLog.ReserveAsync(cancellationToken).ConfigureAwait(false);

    private Task<IssuedReceipt> IssueLoggedAsync(ReceiptContent content, IReadOnlyList<string> parties, CancellationToken cancellationToken) =>
        new LoggedReceiptIssuer(_issuer, EvidenceLog).IssueAsync(content, parties, cancellationToken);
}
