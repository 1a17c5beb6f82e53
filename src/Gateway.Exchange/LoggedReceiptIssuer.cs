using Gateway.Evidence;
using Gateway.EvidenceLog;

namespace Gateway.Exchange;

/// <summary>
/// Issues a receipt that is stored nowhere but the evidence log (a SubmissionRejection, a DocumentSigned
/// receipt): reserves a leaf index, signs the receipt with that position in it, appends it durably,
/// and only then returns it. Without a log it only signs.
/// </summary>
public sealed class LoggedReceiptIssuer(ReceiptIssuer issuer, EvidenceLogStore? log)
{
    /// <param name="parties">The agencies that may read the entry and get its inclusion proof.</param>
    /// <exception cref="EvidenceLogUnavailableException">The log is fail-closed after a sealing outage.</exception>
    public async Task<IssuedReceipt> IssueAsync(ReceiptContent content, IReadOnlyList<string> parties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (log is null) return await issuer.IssueAsync(content, cancellationToken).ConfigureAwait(false);
        // Disposed without Complete (signing or the append failed), the index goes to the next receipt.
        await using var slot = await log.ReserveAsync(cancellationToken).ConfigureAwait(false);
        var issued = await issuer.IssueAsync(WithPosition(content, slot), cancellationToken).ConfigureAwait(false);
        await log.AppendAsync(slot, issued.Signed, content.ReceiptId, parties, cancellationToken).ConfigureAwait(false);
        return issued;
    }

    /// <summary>The content with its log position; unchanged without a reservation.</summary>
    public static ReceiptContent WithPosition(ReceiptContent content, LogReservation? slot) =>
        slot is null ? content : content with { Log = new ReceiptLogPosition(slot.Origin, slot.Index) };
}
