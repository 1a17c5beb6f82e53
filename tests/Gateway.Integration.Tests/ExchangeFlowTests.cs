using Gateway.Api.V1;
using Gateway.Evidence;
using Gateway.Exchange;
using Google.Protobuf;
using Grpc.Core;
using ReceiptEvent = Gateway.Api.V1.ReceiptEvent;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

[Collection("gateway")]
public sealed class ExchangeFlowTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Submit_deliver_acknowledge_yields_two_verifiable_receipts()
    {
        var document = Documents.Pdf();
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, document));

        Assert.False(submitted.Replayed);
        var acceptance = submitted.Receipt;
        Assert.Equal(ReceiptEvent.SubmissionAcceptance, acceptance.Event);
        Assert.Equal(submitted.MessageId, acceptance.MessageId);
        Assert.Equal(Documents.Sha256(document), acceptance.DocumentSha256);
        Assert.Equal(A, acceptance.SenderAgency);
        Assert.Equal(B, acceptance.RecipientAgency);
        Assert.NotNull(acceptance.TimestampTime);

        var verdict = ReceiptVerifier.Verify(acceptance.Signed.ToByteArray(), gateway.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        var content = verdict.Content!;
        Assert.Equal("PERMIT", content.RequestKind);
        Assert.Equal("test.permit", content.ServiceId);
        Assert.NotNull(content.Sender.Certificate);
        Assert.Contains(content.Methods, m => m.Step == "identity" && m.Basis == MethodBasis.Claimed && m.Level == "standard");
        Assert.Contains(content.Methods, m => m.Step == "authentication" && m.Basis == MethodBasis.Observed);

        var delivery = (await Documents.DrainInboxAsync(gateway.Exchange(B))).Single(d => d.MessageId == submitted.MessageId);
        Assert.True(delivery.ContentInline);
        Assert.Equal(document, delivery.Content.ToByteArray());
        Assert.Equal(acceptance.Signed, delivery.SubmissionReceipt.Signed);

        var ack = await gateway.Exchange(B).AcknowledgeAsync(new AcknowledgeRequest { MessageId = submitted.MessageId, DocumentSha256 = delivery.DocumentSha256 });
        Assert.Equal(ReceiptEvent.ContentHandover, ack.Receipt.Event);
        var handover = ReceiptVerifier.Verify(ack.Receipt.Signed.ToByteArray(), gateway.Trust);
        Assert.True(handover.Valid, string.Join("; ", handover.AllErrors));
        Assert.Equal(acceptance.ReceiptId, handover.Content!.RelatesTo);

        // Acknowledging again returns the same receipt; the message leaves the inbox.
        var again = await gateway.Exchange(B).AcknowledgeAsync(new AcknowledgeRequest { MessageId = submitted.MessageId });
        Assert.Equal(ack.Receipt.Signed, again.Receipt.Signed);
        Assert.DoesNotContain(await Documents.DrainInboxAsync(gateway.Exchange(B)), d => d.MessageId == submitted.MessageId);

        foreach (var party in new[] { A, B })
        {
            var receipts = await gateway.Exchange(party).GetReceiptsAsync(new GetReceiptsRequest { MessageId = submitted.MessageId });
            Assert.Equal([ReceiptEvent.SubmissionAcceptance, ReceiptEvent.ContentHandover], receipts.Receipts.Select(r => r.Event));
        }
    }

    [Fact]
    public async Task Another_agency_can_neither_read_nor_acknowledge_nor_receive_a_message()
    {
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var id = submitted.MessageId;

        await RpcAssert.FailsAsync(() => gateway.Exchange(C).GetReceiptsAsync(new GetReceiptsRequest { MessageId = id }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        await RpcAssert.FailsAsync(() => gateway.Exchange(C).AcknowledgeAsync(new AcknowledgeRequest { MessageId = id }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        // The sender may read receipts but may not acknowledge or fetch what it sent as if it were the recipient.
        await RpcAssert.FailsAsync(() => gateway.Exchange(A).AcknowledgeAsync(new AcknowledgeRequest { MessageId = id }).ResponseAsync,
            StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        await RpcAssert.FailsAsync(async () =>
        {
            using var fetch = gateway.Exchange(C).FetchContent(new FetchContentRequest { MessageId = id });
            await fetch.ResponseStream.MoveNext(CancellationToken.None);
        }, StatusCode.PermissionDenied, ExchangeReasons.NotAParty);
        Assert.DoesNotContain(await Documents.DrainInboxAsync(gateway.Exchange(C)), d => d.MessageId == id);
        Assert.DoesNotContain(await Documents.DrainInboxAsync(gateway.Exchange(A)), d => d.MessageId == id);
        await RpcAssert.FailsAsync(() => gateway.Exchange(C).GetReceiptsAsync(new GetReceiptsRequest { MessageId = Guid.NewGuid().ToString() }).ResponseAsync,
            StatusCode.NotFound, ExchangeReasons.MessageNotFound);
    }

    [Fact]
    public async Task Resubmitting_with_the_same_idempotency_key_returns_the_same_message_and_receipt()
    {
        var document = Documents.Pdf();
        var key = Guid.NewGuid().ToString();
        var first = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, document, key: key));
        var second = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, document, key: key));

        Assert.True(second.Replayed);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.Receipt.Signed, second.Receipt.Signed);
        Assert.Single(await Documents.DrainInboxAsync(gateway.Exchange(B)), d => d.MessageId == first.MessageId);

        // The same key from another agency is another submission.
        var other = await gateway.Exchange(C).SubmitAsync(Documents.Submit(B, document, key: key));
        Assert.NotEqual(first.MessageId, other.MessageId);

        // The same key for another document is a conflict, not a replay.
        await RpcAssert.FailsAsync(() => gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf(), key: key)).ResponseAsync,
            StatusCode.AlreadyExists, ExchangeReasons.IdempotencyKeyConflict, "idempotency_key");
    }

    [Theory]
    [InlineData("empty", StatusCode.InvalidArgument, ExchangeReasons.ContentEmpty, "content")]
    [InlineData("unknown-recipient", StatusCode.NotFound, ExchangeReasons.RecipientUnknown, "recipient_agency")]
    [InlineData("mislabelled", StatusCode.InvalidArgument, ExchangeReasons.ContentMislabelled, "media_type")]
    [InlineData("media-type", StatusCode.InvalidArgument, ExchangeReasons.MediaTypeNotAllowed, "media_type")]
    [InlineData("file-name", StatusCode.InvalidArgument, ExchangeReasons.FileNameInvalid, "file_name")]
    [InlineData("oversized", StatusCode.ResourceExhausted, ExchangeReasons.ContentTooLarge, "content")]
    [InlineData("request-kind", StatusCode.InvalidArgument, ExchangeReasons.RequestKindInvalid, "request_kind")]
    public async Task A_refused_submission_gets_a_signed_rejection_receipt_and_stores_nothing(string @case, StatusCode code, string reason, string field)
    {
        var key = Guid.NewGuid().ToString();
        var request = Documents.Submit(B, Documents.Pdf(), key: key);
        switch (@case)
        {
            case "empty": request.Content = ByteString.Empty; break;
            case "unknown-recipient": request.RecipientAgency = "agency-zz"; break;
            case "mislabelled": request.Content = ByteString.CopyFromUtf8("MZ this is not a PDF"); break;
            case "media-type": request.MediaType = "application/x-msdownload"; break;
            case "file-name": request.FileName = "../../etc/passwd"; break;
            case "oversized": request.Content = ByteString.CopyFrom(Documents.Pdf(4 * 1024 * 1024 + 1)); break;
            case "request-kind": request.RequestKind = (RequestKind)999; break;
        }

        var e = await RpcAssert.FailsAsync(() => gateway.Exchange(A).SubmitAsync(request).ResponseAsync, code, reason, field);
        // Over a size limit the limit itself is in the ErrorInfo, so that a client need not parse the message.
        var limit = e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata.GetValueOrDefault("limit");
        Assert.Equal(code == StatusCode.ResourceExhausted ? (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, limit);

        var rejection = e.GetRpcStatus()!.GetDetail<Api.V1.Receipt>();
        Assert.NotNull(rejection);
        Assert.Equal(ReceiptEvent.SubmissionRejection, rejection.Event);
        Assert.Equal(reason, rejection.RejectionReason);
        var verdict = ReceiptVerifier.Verify(rejection.Signed.ToByteArray(), gateway.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        Assert.Equal(reason, verdict.Content!.Rejection!.Reason);

        var store = gateway.App.Services.GetRequiredService<IExchangeStore>();
        Assert.Null(await store.FindSubmissionAsync(A, key));
        var blob = Documents.Sha256(request.Content.Span);
        Assert.False(gateway.App.Services.GetRequiredService<ContentAddressedBlobStore>().Exists(blob));
    }

    [Fact]
    public async Task Verification_rpc_gives_the_offline_verdict()
    {
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var client = new Verification.VerificationClient(gateway.Channel(C));

        var valid = await client.VerifyReceiptAsync(new VerifyReceiptRequest { Receipt = submitted.Receipt.Signed });
        Assert.True(valid.Valid);
        Assert.Equal(Indication.TotalPassed, valid.Indication);
        Assert.Equal(submitted.Receipt.ReceiptId, valid.Receipt.ReceiptId);

        var tampered = submitted.Receipt.Signed.ToByteArray();
        tampered[tampered.AsSpan().IndexOf("\"PERMIT\""u8) + 1] ^= 0x01;
        var invalid = await client.VerifyReceiptAsync(new VerifyReceiptRequest { Receipt = ByteString.CopyFrom(tampered) });
        Assert.False(invalid.Valid);
        Assert.NotEqual(Indication.TotalPassed, invalid.Indication);
        Assert.NotEmpty(invalid.Errors);
    }
}
