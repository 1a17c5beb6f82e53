using System.Runtime.CompilerServices;
using Gateway.Api.V1;
using Gateway.Evidence;
using Gateway.Exchange;
using Gateway.Server.Internal;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Server.Services;

/// <summary>gateway.v1.Exchange: the gRPC face of <see cref="ExchangeCoordinator"/>.</summary>
internal sealed partial class ExchangeService : Api.V1.Exchange.ExchangeBase
{
    private const int FetchChunkBytes = 256 * 1024;
    private const int InboxBatch = 64;

    private readonly ExchangeCoordinator _exchange;
    private readonly GatewayOptions _options;
    private readonly ILogger<ExchangeService> _logger;

    public ExchangeService(ExchangeCoordinator exchange, IOptions<GatewayOptions> options, ILogger<ExchangeService> logger)
    {
        _exchange = exchange;
        _options = options.Value;
        _logger = logger;
    }

    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var header = Header(request.RecipientAgency, request.MediaType, request.FileName, request.IdempotencyKey, request.ServiceId,
            request.RequestKind, request.Subject, request.Claims, declaredSize: null);
        var sender = GatewayInterceptor.Agency(context);
        using var scope = Log.BeginSubmission(_logger, sender.Agency, header.RecipientAgency, header.IdempotencyKey);
        var result = await _exchange.SubmitAsync(sender, header, Single(request.Content.Memory), _exchange.Options.MaxUnaryBytes, context.CancellationToken);
        return Response(Submitted(result));
    }

    public override async Task<SubmitResponse> SubmitStream(IAsyncStreamReader<SubmitChunk> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != SubmitChunk.PartOneofCase.Header)
            throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.StreamHeaderMissing, "the first chunk must be the header", "header");
        var h = requestStream.Current.Header;
        var header = Header(h.RecipientAgency, h.MediaType, h.FileName, h.IdempotencyKey, h.ServiceId, h.RequestKind, h.Subject, h.Claims,
            h.DeclaredSize > 0 ? h.DeclaredSize : null);
        var sender = GatewayInterceptor.Agency(context);
        using var scope = Log.BeginSubmission(_logger, sender.Agency, header.RecipientAgency, header.IdempotencyKey);
        var result = await _exchange.SubmitAsync(sender, header, Data(requestStream, context.CancellationToken), _exchange.Options.MaxDocumentBytes,
            context.CancellationToken);
        return Response(Submitted(result));
    }

    public override async Task Receive(ReceiveRequest request, IServerStreamWriter<Delivery> responseStream, ServerCallContext context)
    {
        var agency = GatewayInterceptor.Agency(context).Agency;
        var ct = context.CancellationToken;
        var inlineLimit = request.MaxInlineBytes > 0 ? Math.Min(request.MaxInlineBytes, _exchange.Options.MaxInlineDeliveryBytes) : _exchange.Options.MaxInlineDeliveryBytes;
        while (!ct.IsCancellationRequested)
        {
            // Taken before reading, so that a message stored meanwhile wakes us rather than waiting for the poll.
            var signal = _exchange.NextMessageSignal(agency);
            // Each message is leased to this stream: other streams skip it until it is acknowledged or the lease
            // runs out, when it comes back (to this stream at its next poll, or another).
            var batch = await _exchange.LeaseDeliveriesAsync(agency, InboxBatch, ct);
            // One delivery in memory at a time, each write awaited: the write completes only when HTTP/2 flow control lets
            // it out, so a reader that stalls stalls this loop rather than making the server hold its inbox. A page holds
            // message records only; a document travels inline up to MaxInlineDeliveryBytes, larger ones via FetchContent.
            foreach (var message in batch)
            {
                await responseStream.WriteAsync(await DeliveryAsync(message, inlineLimit, ct), ct);
            }
            if (batch.Count == InboxBatch) continue;
            if (request.StopWhenEmpty) return;
            try
            {
                await signal.WaitAsync(_options.InboxPollInterval, ct);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task FetchContent(FetchContentRequest request, IServerStreamWriter<ContentChunk> responseStream, ServerCallContext context)
    {
        using var scope = Log.BeginMessage(_logger, request.MessageId);
        var message = await _exchange.GetForRecipientAsync(GatewayInterceptor.Agency(context).Agency, request.MessageId, context.CancellationToken);
        await using var content = _exchange.OpenContent(message);
        var buffer = new byte[FetchChunkBytes];
        long offset = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new ContentChunk { Data = ByteString.CopyFrom(buffer, 0, read), Offset = offset }, context.CancellationToken);
            offset += read;
        }
    }

    public override async Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        using var scope = Log.BeginMessage(_logger, request.MessageId);
        var recipient = GatewayInterceptor.Agency(context);
        var receipt = await _exchange.AcknowledgeAsync(recipient, request.MessageId, request.DocumentSha256, context.CancellationToken);
        Log.Acknowledged(_logger, request.MessageId, recipient.Agency, receipt.ReceiptId);
        return new AcknowledgeResponse { Receipt = ReceiptMapper.ToProto(receipt.Signed) };
    }

    public override async Task<GetReceiptsResponse> GetReceipts(GetReceiptsRequest request, ServerCallContext context)
    {
        using var scope = Log.BeginMessage(_logger, request.MessageId);
        var receipts = await _exchange.GetReceiptsAsync(GatewayInterceptor.Agency(context).Agency, request.MessageId, context.CancellationToken);
        var response = new GetReceiptsResponse();
        response.Receipts.AddRange(receipts.Select(r => ReceiptMapper.ToProto(r.Signed)));
        return response;
    }

    private async Task<Delivery> DeliveryAsync(MessageRecord message, long inlineLimit, CancellationToken ct)
    {
        var submission = await _exchange.GetSubmissionReceiptAsync(message.MessageId, ct);
        var delivery = new Delivery
        {
            MessageId = message.MessageId,
            SenderAgency = message.SenderAgency,
            RecipientAgency = message.RecipientAgency,
            MediaType = message.MediaType,
            FileName = message.FileName,
            DocumentSha256 = message.DocumentSha256,
            DocumentSize = message.DocumentSize,
            ServiceId = message.ServiceId,
            RequestKind = (RequestKind)message.RequestKind,
            Subject = message.Subject,
            SubmittedAt = Timestamp.FromDateTimeOffset(message.SubmittedAt),
            SubmissionReceipt = ReceiptMapper.ToProto(submission.Signed),
            DeliveryAttempt = message.DeliveryAttempts + 1,
        };
        if (message.DocumentSize <= inlineLimit)
        {
            await using var content = _exchange.OpenContent(message);
            delivery.Content = await ByteString.FromStreamAsync(content, ct);
            delivery.ContentInline = true;
        }
        return delivery;
    }

    private static SubmissionHeader Header(string recipient, string mediaType, string fileName, string idempotencyKey, string serviceId,
        RequestKind kind, string subject, IEnumerable<MethodClaim> claims, long? declaredSize) => new()
    {
        RecipientAgency = recipient,
        MediaType = mediaType,
        FileName = fileName,
        IdempotencyKey = idempotencyKey,
        ServiceId = serviceId,
        RequestKind = (int)kind,
        RequestKindName = RequestKindNames.Of(kind),
        Subject = subject,
        Claims = MethodLevels.Claims(claims),
        DeclaredSize = declaredSize,
    };

    private SubmissionResult Submitted(SubmissionResult result)
    {
        Log.Submitted(_logger, result.Message.MessageId, result.Message.SenderAgency, result.Message.RecipientAgency, result.Receipt.ReceiptId, result.Replayed);
        return result;
    }

    private static SubmitResponse Response(SubmissionResult result) => new()
    {
        MessageId = result.Message.MessageId,
        Receipt = ReceiptMapper.ToProto(result.Receipt.Signed),
        Replayed = result.Replayed,
    };

#pragma warning disable CS1998 // a one-element async sequence
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Single(ReadOnlyMemory<byte> content)
    {
        yield return content;
    }
#pragma warning restore CS1998

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Data(IAsyncStreamReader<SubmitChunk> stream, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await stream.MoveNext(ct))
        {
            if (stream.Current.PartCase == SubmitChunk.PartOneofCase.Header)
                throw new ExchangeException(ExchangeErrorKind.InvalidArgument, ExchangeReasons.StreamHeaderRepeated, "only the first chunk may be a header", "header");
            yield return stream.Current.Data.Memory;
        }
    }
}
