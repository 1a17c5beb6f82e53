using System.Text.Json.Nodes;
using Gateway.Evidence;
using Gateway.EvidenceLog;
using Gateway.Exchange;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// The gateway's record behind a <c>/v/{id}</c> link: a receipt id is looked up in the evidence log, which holds every
/// receipt the gateway issued (exchange, rejection and DocumentSigned ones alike, with its leaf index); a message id in the
/// exchange store, with its receipts' public fields.
/// </summary>
internal sealed class RecordLookup(EvidenceLogStore evidenceLog, IExchangeStore store)
{
    /// <summary>Ids are UUIDs or similar tokens; anything longer or odder is not looked up at all.</summary>
    public const int MaxIdLength = 128;

    public async Task<JsonObject?> FindAsync(string id, CancellationToken ct)
    {
        if (id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return null;
        if (await evidenceLog.FindEntryAsync(receiptId: id, ct: ct) is { Data: { } der } && ReceiptVerifier.Parse(der) is { } parsed)
        {
            var record = PublicRecords.Receipt(parsed.Content, parsed.TimeStampTime);
            record["kind"] = "receipt";
            return record;
        }
        if (await store.GetMessageAsync(id, ct) is { } message)
        {
            var receipts = new List<JsonObject>();
            foreach (var receipt in await store.GetReceiptsAsync(id, ct))
            {
                if (ReceiptVerifier.Parse(receipt.Signed) is { } r) receipts.Add(PublicRecords.Receipt(r.Content, r.TimeStampTime));
            }
            var record = PublicRecords.Message(message, receipts);
            record["kind"] = "message";
            return record;
        }
        return null;
    }
}
