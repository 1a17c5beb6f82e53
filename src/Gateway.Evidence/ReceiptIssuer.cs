using System.Diagnostics;
using System.Text;
using Gateway.Crypto;
using Gateway.Evidence.Internal;

namespace Gateway.Evidence;

/// <summary>
/// Turns an event into a receipt: receipt JSON, CAdES-B-B signature by the gateway seal, and a
/// signature time-stamp (CAdES-B-T). Thread-safe.
/// </summary>
public sealed class ReceiptIssuer
{
    private readonly ITimeStampSource _timeStamps;
    private volatile CadesSigner _signer;

    public ReceiptIssuer(ISigningKey sealKey, ITimeStampSource timeStamps)
    {
        ArgumentNullException.ThrowIfNull(sealKey);
        ArgumentNullException.ThrowIfNull(timeStamps);
        _timeStamps = timeStamps;
        _signer = new CadesSigner(sealKey, timeStamps);
    }

    /// <summary>
    /// Seals from now on with <paramref name="sealKey"/> (a key rotation, without a restart). A receipt being
    /// issued finishes with the key it started with: its certificate, signed attributes and signature agree.
    /// </summary>
    public void UseSealKey(ISigningKey sealKey)
    {
        ArgumentNullException.ThrowIfNull(sealKey);
        _signer = new CadesSigner(sealKey, _timeStamps);
    }

    public async Task<IssuedReceipt> IssueAsync(ReceiptContent content, CancellationToken cancellationToken = default)
    {
        // A graded receipt is written as schema v3, else one with a log position as v2, else v1 (ReceiptSchemas).
        if (content.Schema == ReceiptSchemas.V1) content = content with { Schema = ReceiptSchemas.For(content) };
        using var activity = ReceiptTelemetry.Source.StartActivity("gateway.issue_receipt");
        activity?.SetTag("gateway.receipt_id", content.ReceiptId);
        activity?.SetTag("gateway.receipt_event", content.Event.ToString());
        if (content.MessageId is not null) activity?.SetTag("gateway.message_id", content.MessageId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var json = ReceiptJson.Serialize(content);
            var signed = await _signer.SignAsync(json, encapsulate: true, cancellationToken).ConfigureAwait(false);
            var issued = new IssuedReceipt(content, Encoding.UTF8.GetString(json), signed, ReceiptCms.Read(signed).TimeStampTime);
            ReceiptTelemetry.Sealed(content.Event, Stopwatch.GetElapsedTime(started), succeeded: true);
            return issued;
        }
        catch (Exception e)
        {
            ReceiptTelemetry.Sealed(content.Event, Stopwatch.GetElapsedTime(started), succeeded: false);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    /// <summary>A new receipt or message id: UUID version 7, so ids sort by creation time.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("D");
}
