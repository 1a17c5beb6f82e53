using Gateway.Api.V1;
using Gateway.Evidence;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ReceiptEvent = Gateway.Evidence.ReceiptEvent;

namespace Gateway.Server.Internal;

/// <summary>The parsed fields of the gRPC Receipt, read from the signed bytes so that they can never disagree.</summary>
internal static class ReceiptMapper
{
    public static Api.V1.Receipt ToProto(byte[] signed)
    {
        var receipt = new Api.V1.Receipt { Signed = ByteString.CopyFrom(signed) };
        var parsed = ReceiptVerifier.Parse(signed);
        if (parsed is null) return receipt;
        var content = parsed.Content;
        receipt.ReceiptId = content.ReceiptId;
        receipt.Event = content.Event switch
        {
            ReceiptEvent.SubmissionAcceptance => Api.V1.ReceiptEvent.SubmissionAcceptance,
            ReceiptEvent.SubmissionRejection => Api.V1.ReceiptEvent.SubmissionRejection,
            ReceiptEvent.ContentHandover => Api.V1.ReceiptEvent.ContentHandover,
            ReceiptEvent.DocumentSigned => Api.V1.ReceiptEvent.DocumentSigned,
            _ => Api.V1.ReceiptEvent.Unspecified,
        };
        receipt.MessageId = content.MessageId ?? "";
        receipt.SenderAgency = content.Sender.Agency;
        receipt.RecipientAgency = content.Recipient?.Agency ?? "";
        receipt.DocumentSha256 = content.Document?.Sha256 ?? "";
        receipt.DocumentSize = content.Document?.Size ?? 0;
        receipt.Time = Timestamp.FromDateTimeOffset(content.GatewayTime);
        if (parsed.TimeStampTime is { } time) receipt.TimestampTime = Timestamp.FromDateTimeOffset(time);
        receipt.Json = parsed.Json;
        receipt.RejectionReason = content.Rejection?.Reason ?? "";
        receipt.RejectionMessage = content.Rejection?.Message ?? "";
        if (content.Log is { } log)
        {
            receipt.LogIndex = (ulong)log.LeafIndex;
            receipt.LogOrigin = log.Origin;
        }
        return receipt;
    }
}
