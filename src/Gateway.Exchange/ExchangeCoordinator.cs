using Gateway.Evidence;
using Gateway.Exchange.Internal;

namespace Gateway.Exchange;

/// <summary>
/// The exchange flows (submit, deliver, acknowledge, receipts), independent of gRPC. Every refusal is
/// an <see cref="ExchangeException"/> with a stable reason; a refused submission also gets a signed
/// SubmissionRejection receipt. Nothing is stored for a refused request.
/// </summary>
public sealed partial class ExchangeCoordinator
{
    private const int MaxFieldLength = 256;

    private readonly IExchangeStore _store;
    private readonly ContentAddressedBlobStore _blobs;
    private readonly ReceiptIssuer _issuer;
    private readonly AgencyDirectory _agencies;
    private readonly ExchangeOptions _options;
    private readonly InboxSignal _signal;
    private readonly TimeProvider _clock;
    private readonly SubmissionSignatures? _signatures;

    /// <param name="validator">Validates the signatures of submitted PDFs; null to record none (and require none).</param>
    public ExchangeCoordinator(IExchangeStore store, ContentAddressedBlobStore blobs, ReceiptIssuer issuer, AgencyDirectory agencies,
        ExchangeOptions options, InboxSignal signal, TimeProvider? clock = null, Validation.DocumentValidator? validator = null)
    {
        _signatures = validator is null ? null : new SubmissionSignatures(validator, options);
        _store = store;
        _blobs = blobs;
        _issuer = issuer;
        _agencies = agencies;
        _options = options;
        _signal = signal;
        _clock = clock ?? TimeProvider.System;
    }

    public ExchangeOptions Options => _options;

    /// <summary>
    /// Stores a document and answers with its SubmissionAcceptance receipt (durable before return), or
    /// the earlier submission's when the idempotency key was used before with the same document.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(ReceiptParty sender, SubmissionHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> content,
        long maxBytes, CancellationToken cancellationToken)
    {
        using var activity = ExchangeTelemetry.Source.StartActivity("gateway.submit");
        activity?.SetTag(ExchangeTelemetry.SenderAgency, sender.Agency);
        activity?.SetTag(ExchangeTelemetry.RecipientAgency, header.RecipientAgency);
        try
        {
            var result = await SubmitCoreAsync(sender, header, content, maxBytes, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ExchangeTelemetry.MessageId, result.Message.MessageId);
            activity?.SetTag(ExchangeTelemetry.ReceiptId, result.Receipt.ReceiptId);
            activity?.SetTag(ExchangeTelemetry.Replayed, result.Replayed);
            return result;
        }
        catch (ExchangeException refusal) when (refusal.Receipt is null)
        {
            ExchangeTelemetry.Failed(activity, refusal);
            var receipt = await IssueRejectionAsync(sender, header, refusal, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ExchangeTelemetry.ReceiptId, receipt.Content.ReceiptId);
            throw refusal.WithReceipt(receipt);
        }
        catch (Exception e)
        {
            ExchangeTelemetry.Failed(activity, e);
            throw;
        }
    }

    private async Task<SubmissionResult> SubmitCoreAsync(ReceiptParty sender, SubmissionHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> content,
        long maxBytes, CancellationToken cancellationToken)
    {
        EnsureLogAccepting();
        ValidateHeader(header);
        var idempotencyKey = header.IdempotencyKey.Length > 0 ? header.IdempotencyKey : "auto:" + ReceiptIssuer.NewId();
        var limit = Math.Min(maxBytes, _options.MaxDocumentBytes);

        BlobInfo blob;
        // Receiving, checking and committing the content to the blob store: one span, ended before validation starts.
        var storing = ExchangeTelemetry.Source.StartActivity("gateway.store_document");
        try
        {
            await using var writer = _blobs.CreateWriter(limit);
            var prefix = new byte[MediaTypeSniffer.PrefixLength];
            var prefixLength = 0;
            try
            {
                await foreach (var chunk in content.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    if (prefixLength < prefix.Length)
                    {
                        var take = Math.Min(prefix.Length - prefixLength, chunk.Length);
                        chunk.Span[..take].CopyTo(prefix.AsSpan(prefixLength));
                        prefixLength += take;
                    }
                    await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (BlobTooLargeException)
            {
                throw new ExchangeException(ExchangeErrorKind.ResourceExhausted, ExchangeReasons.ContentTooLarge,
                    $"the document is larger than the limit of {limit} bytes" + (limit < _options.MaxDocumentBytes ? "; use SubmitStream for large documents" : ""),
                    "content") { Limit = limit };
            }

            if (writer.Length == 0)
                throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.ContentEmpty, "the document is empty", "content");
            if (header.DeclaredSize is { } declared && declared > 0 && declared != writer.Length)
                throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.SizeMismatch,
                    $"the header declared {declared} bytes but {writer.Length} arrived", "declared_size");
            if (!MediaTypeSniffer.Matches(header.MediaType, prefix.AsSpan(0, prefixLength)))
                throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.ContentMislabelled,
                    $"the content does not look like {header.MediaType}", "media_type");

            blob = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ExchangeTelemetry.Failed(storing, e);
            throw;
        }
        finally
        {
            storing?.Dispose();
        }

        var earlier = await _store.FindSubmissionAsync(sender.Agency, idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (earlier is not null) return CheckReplay(earlier, header, blob);

        // The blob stays when a requirement refuses the document: it is content-addressed and may be shared.
        IReadOnlyList<ValidatedSignature>? signatures = null;
        if (_signatures is not null)
        {
            using var validating = ExchangeTelemetry.Source.StartActivity("gateway.validate_signatures");
            try
            {
                signatures = await _signatures.CheckAsync(header, blob, _blobs, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ExchangeTelemetry.Failed(validating, e);
                throw;
            }
        }
        var (methods, grade) = GradeSubmission(sender, header, signatures);
        var now = _clock.GetUtcNow();
        var messageId = ReceiptIssuer.NewId();
        await using var slot = await ReserveLogSlotAsync(cancellationToken).ConfigureAwait(false);
        var record = await IssueRecordAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = ReceiptEvent.SubmissionAcceptance,
            MessageId = messageId,
            Sender = sender,
            Recipient = new ReceiptParty(header.RecipientAgency),
            Document = new ReceiptDocumentInfo(blob.Sha256, blob.Length, header.MediaType, header.FileName),
            ServiceId = NullIfEmpty(header.ServiceId),
            RequestKind = header.RequestKindName,
            Subject = NullIfEmpty(header.Subject),
            Methods = methods,
            DocumentSignatures = signatures,
            Grade = grade,
            GatewayTime = now,
            GatewayId = _options.GatewayId,
        }, slot, cancellationToken).ConfigureAwait(false);

        var message = new MessageRecord
        {
            MessageId = messageId,
            SenderAgency = sender.Agency,
            RecipientAgency = header.RecipientAgency,
            IdempotencyKey = idempotencyKey,
            DocumentSha256 = blob.Sha256,
            DocumentSize = blob.Length,
            MediaType = header.MediaType,
            FileName = header.FileName,
            ServiceId = header.ServiceId,
            RequestKind = header.RequestKind,
            Subject = header.Subject,
            SubmittedAt = now,
        };
        SubmissionResult stored;
        using (var storingRow = ExchangeTelemetry.Source.StartActivity("gateway.store_submission"))
        {
            // The row, the receipt and (with a log) its log entry commit in one transaction.
            storingRow?.SetTag(ExchangeTelemetry.MessageId, messageId);
            stored = await _store.InsertSubmissionAsync(message, record, cancellationToken).ConfigureAwait(false);
        }
        if (stored.Replayed) return CheckReplay(stored, header, blob);
        slot?.Complete();

        _signal.Notify(header.RecipientAgency);
        return stored;
    }

    /// <summary>A retry must be the same submission; reusing a key for another document is an error, not a replay.</summary>
    private static SubmissionResult CheckReplay(SubmissionResult earlier, SubmissionHeader header, BlobInfo blob)
    {
        if (earlier.Message.DocumentSha256 != blob.Sha256 || earlier.Message.RecipientAgency != header.RecipientAgency)
            throw new ExchangeException(ExchangeErrorKind.AlreadyExists, ExchangeReasons.IdempotencyKeyConflict,
                $"idempotency key already used for message {earlier.Message.MessageId} with another document or recipient", "idempotency_key");
        return earlier with { Replayed = true };
    }

    private void ValidateHeader(SubmissionHeader header)
    {
        if (string.IsNullOrWhiteSpace(header.RecipientAgency))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.RecipientRequired, "recipient_agency is required", "recipient_agency");
        CheckLength(header.RecipientAgency, "recipient_agency");
        if (!_agencies.Exists(header.RecipientAgency))
            throw new ExchangeException(ExchangeErrorKind.NotFound, ExchangeReasons.RecipientUnknown, $"no agency '{header.RecipientAgency}' is known to this gateway", "recipient_agency");
        if (string.IsNullOrWhiteSpace(header.MediaType))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.MediaTypeRequired, "media_type is required", "media_type");
        if (!_options.AllowedMediaTypes.Contains(header.MediaType, StringComparer.Ordinal))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.MediaTypeNotAllowed,
                $"media type '{Truncate(header.MediaType)}' is not accepted; accepted: {string.Join(", ", _options.AllowedMediaTypes)}", "media_type");
        if (header.FileName.Length == 0 || header.FileName.Length > 255 || header.FileName is "." or ".."
            || header.FileName.IndexOfAny(['/', '\\', '\0']) >= 0 || header.FileName.Any(char.IsControl))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.FileNameInvalid,
                "file_name must be a plain file name of 1 to 255 characters without path separators or control characters", "file_name");
        if (header.IdempotencyKey.Length > 128 || header.IdempotencyKey.Any(char.IsControl))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.IdempotencyKeyInvalid,
                "idempotency_key must be at most 128 printable characters", "idempotency_key");
        if (header.RequestKindName is null)
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.RequestKindInvalid, $"request_kind {header.RequestKind} is not defined", "request_kind");
        CheckLength(header.ServiceId, "service_id");
        CheckLength(header.Subject, "subject", 1024);
        if (header.Claims.Count > 32)
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.ClaimInvalid, "at most 32 method claims", "claims");
        foreach (var claim in header.Claims)
        {
            if (string.IsNullOrWhiteSpace(claim.Step) || string.IsNullOrWhiteSpace(claim.Method))
                throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.ClaimInvalid, "every claim needs a step and a method", "claims");
            CheckLength(claim.Step, "claims.step");
            CheckLength(claim.Method, "claims.method");
            CheckLength(claim.Detail ?? "", "claims.detail", 1024);
        }
    }

    private static void CheckLength(string value, string field, int max = MaxFieldLength)
    {
        if (value.Length > max)
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.FieldTooLong, $"{field} is longer than {max} characters", field);
    }

    private async Task<IssuedReceipt> IssueRejectionAsync(ReceiptParty sender, SubmissionHeader header, ExchangeException refusal, CancellationToken cancellationToken)
    {
        // The rejection receipt echoes what was asked, bounded, so that a hostile header cannot make us sign megabytes.
        return await IssueLoggedAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = ReceiptEvent.SubmissionRejection,
            Sender = sender,
            Recipient = header.RecipientAgency.Length > 0 ? new ReceiptParty(Truncate(header.RecipientAgency)) : null,
            ServiceId = NullIfEmpty(Truncate(header.ServiceId)),
            RequestKind = header.RequestKindName,
            Methods = refusal.Methods ?? SubmissionMethods(sender),
            Rejection = new ReceiptRejection(refusal.Reason, refusal.Message, refusal.Field),
            DocumentSignatures = refusal.Signatures,
            Grade = ReceiptGrade.From(refusal.Grade ?? MethodGrader.Grade(_options.Catalogue, refusal.Methods ?? SubmissionMethods(sender))),
            GatewayTime = _clock.GetUtcNow(),
            GatewayId = _options.GatewayId,
        }, [sender.Agency], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Messages waiting for the agency, oldest first.</summary>
    public Task<IReadOnlyList<MessageRecord>> PendingAsync(string recipientAgency, long afterSequence, int limit, CancellationToken cancellationToken) =>
        _store.ListUnacknowledgedAsync(recipientAgency, afterSequence, limit, cancellationToken);

    public Task MarkDeliveredAsync(string messageId, CancellationToken cancellationToken) => _store.MarkDeliveredAsync(messageId, cancellationToken);

    /// <summary>
    /// Claims the agency's next messages for one inbox stream, oldest first: none is handed to another stream
    /// (on any instance) for <see cref="ExchangeOptions.DeliveryLease"/>; unacknowledged by then, it comes back.
    /// </summary>
    public Task<IReadOnlyList<MessageRecord>> LeaseDeliveriesAsync(string recipientAgency, int limit, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        return _store.LeaseDeliveriesAsync(recipientAgency, limit, now, now + _options.DeliveryLease, cancellationToken);
    }

    /// <summary>Completes when a message for the agency is stored by this process; take it before reading the inbox.</summary>
    public Task NextMessageSignal(string recipientAgency) => _signal.Next(recipientAgency);

    /// <summary>The message, for its recipient only (content fetch).</summary>
    public async Task<MessageRecord> GetForRecipientAsync(string recipientAgency, string messageId, CancellationToken cancellationToken)
    {
        var message = await GetForPartyAsync(recipientAgency, messageId, cancellationToken).ConfigureAwait(false);
        if (message.RecipientAgency != recipientAgency)
            throw new ExchangeException(ExchangeErrorKind.PermissionDenied, ExchangeReasons.NotAParty, "only the recipient may do this", "message_id");
        return message;
    }

    public Stream OpenContent(MessageRecord message) => _blobs.OpenRead(message.DocumentSha256);

    public async Task<ReceiptRecord> GetSubmissionReceiptAsync(string messageId, CancellationToken cancellationToken)
    {
        var receipts = await _store.GetReceiptsAsync(messageId, cancellationToken).ConfigureAwait(false);
        return receipts.First(r => r.Event == nameof(ReceiptEvent.SubmissionAcceptance));
    }

    /// <summary>The recipient confirms it holds the document; idempotent.</summary>
    public async Task<ReceiptRecord> AcknowledgeAsync(ReceiptParty recipient, string messageId, string? documentSha256, CancellationToken cancellationToken)
    {
        using var activity = ExchangeTelemetry.Source.StartActivity("gateway.acknowledge");
        activity?.SetTag(ExchangeTelemetry.MessageId, messageId);
        activity?.SetTag(ExchangeTelemetry.RecipientAgency, recipient.Agency);
        try
        {
            var receipt = await AcknowledgeCoreAsync(recipient, messageId, documentSha256, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ExchangeTelemetry.ReceiptId, receipt.ReceiptId);
            return receipt;
        }
        catch (Exception e)
        {
            ExchangeTelemetry.Failed(activity, e);
            throw;
        }
    }

    private async Task<ReceiptRecord> AcknowledgeCoreAsync(ReceiptParty recipient, string messageId, string? documentSha256, CancellationToken cancellationToken)
    {
        var message = await GetForRecipientAsync(recipient.Agency, messageId, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(documentSha256) && !string.Equals(documentSha256, message.DocumentSha256, StringComparison.OrdinalIgnoreCase))
            throw new ExchangeException(ExchangeErrorKind.FailedPrecondition, ExchangeReasons.DigestMismatch,
                "the SHA-256 the recipient computed differs from the submitted document's", "document_sha256");

        var existing = await _store.GetHandoverAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (existing is not null) return existing;

        var submission = await GetSubmissionReceiptAsync(messageId, cancellationToken).ConfigureAwait(false);
        StepMethod[] handover =
        [
            new StepMethod("notification", "gateway-inbox-stream", "standard", MethodBasis.Observed, "gRPC Exchange.Receive to the recipient's system"),
            SubmissionMethodFacts.Authentication(_options.Catalogue, recipient),
            new StepMethod("acknowledgement", "signed-receipt", "standard", MethodBasis.Observed, "CAdES-B-T receipt sealed by the gateway"),
        ];
        await using var slot = await ReserveLogSlotAsync(cancellationToken).ConfigureAwait(false);
        var record = await IssueRecordAsync(new ReceiptContent
        {
            ReceiptId = ReceiptIssuer.NewId(),
            Event = ReceiptEvent.ContentHandover,
            MessageId = messageId,
            Sender = new ReceiptParty(message.SenderAgency),
            Recipient = recipient,
            Document = new ReceiptDocumentInfo(message.DocumentSha256, message.DocumentSize, message.MediaType, message.FileName),
            ServiceId = NullIfEmpty(message.ServiceId),
            Subject = NullIfEmpty(message.Subject),
            Methods = handover,
            Grade = ReceiptGrade.From(MethodGrader.Grade(_options.Catalogue, handover)),
            RelatesTo = submission.ReceiptId,
            GatewayTime = _clock.GetUtcNow(),
            GatewayId = _options.GatewayId,
        }, slot, cancellationToken).ConfigureAwait(false);
        ReceiptRecord acknowledged;
        using (ExchangeTelemetry.Source.StartActivity("gateway.store_acknowledgement"))
        {
            acknowledged = await _store.AcknowledgeAsync(messageId, recipient.Agency, record, cancellationToken).ConfigureAwait(false)
                           ?? throw new ExchangeException(ExchangeErrorKind.NotFound, ExchangeReasons.MessageNotFound, "no such message", "message_id");
        }
        // A concurrent ack may have won: then the store kept the earlier receipt, and this one's index goes back.
        if (acknowledged.ReceiptId == record.ReceiptId) slot?.Complete();
        return acknowledged;
    }

    /// <summary>Every receipt of a message, for its sender or recipient only.</summary>
    public async Task<IReadOnlyList<ReceiptRecord>> GetReceiptsAsync(string agency, string messageId, CancellationToken cancellationToken)
    {
        await GetForPartyAsync(agency, messageId, cancellationToken).ConfigureAwait(false);
        return await _store.GetReceiptsAsync(messageId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MessageRecord> GetForPartyAsync(string agency, string messageId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(messageId))
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.MessageIdRequired, "message_id is required", "message_id");
        if (messageId.Length > 64)
            throw new ExchangeException(ExchangeErrorKind.NotFound, ExchangeReasons.MessageNotFound, "no such message", "message_id");
        var message = await _store.GetMessageAsync(messageId, cancellationToken).ConfigureAwait(false)
                      ?? throw new ExchangeException(ExchangeErrorKind.NotFound, ExchangeReasons.MessageNotFound, "no such message", "message_id");
        if (message.SenderAgency != agency && message.RecipientAgency != agency)
            throw new ExchangeException(ExchangeErrorKind.PermissionDenied, ExchangeReasons.NotAParty, "the caller is neither the sender nor the recipient of this message", "message_id");
        return message;
    }

    /// <summary>Seals a receipt of a message (with its log position, when logged) and shapes it for the store.</summary>
    private async Task<ReceiptRecord> IssueRecordAsync(ReceiptContent content, Gateway.EvidenceLog.LogReservation? slot, CancellationToken cancellationToken)
    {
        var receipt = await _issuer.IssueAsync(LoggedReceiptIssuer.WithPosition(content, slot), cancellationToken).ConfigureAwait(false);
        return new ReceiptRecord
        {
            ReceiptId = content.ReceiptId,
            MessageId = content.MessageId!,
            Event = content.Event.ToString(),
            IssuedAt = content.GatewayTime,
            Signed = receipt.Signed,
            LogIndex = slot?.Index,
        };
    }

    /// <summary>The methods of a submission refused before its document was looked at.</summary>
    private StepMethod[] SubmissionMethods(ReceiptParty sender) =>
        [.. SubmissionMethodFacts.Observed(_options.Catalogue, sender, null, _options.TimeStampAuthority, documentReceived: false, logged: false)
            .Where(m => m.Step is ProcessSteps.Channel or ProcessSteps.RequestSubmission or ProcessSteps.Authentication or ProcessSteps.Acknowledgement)];

    /// <summary>
    /// The methods of a submission: what the gateway observed, then the sender's claims as claims. When the service has a
    /// method policy, the case is graded and refused with METHOD_POLICY_NOT_MET, listing each unmet step, if any falls short.
    /// </summary>
    private (StepMethod[] Methods, ReceiptGrade Grade) GradeSubmission(ReceiptParty sender, SubmissionHeader header, IReadOnlyList<ValidatedSignature>? signatures)
    {
        StepMethod[] methods =
        [
            .. SubmissionMethodFacts.Observed(_options.Catalogue, sender, signatures, _options.TimeStampAuthority, documentReceived: true, logged: EvidenceLog is not null),
            .. SubmissionMethodFacts.Claims(header.Claims),
        ];
        return (methods, CasePolicy.GradeOrRefuse(_options, header.ServiceId, header.RequestKindName, methods, SubmissionMethodFacts.ObservableSteps, signatures));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value) => value.Length <= MaxFieldLength ? value : value[..MaxFieldLength];
}
