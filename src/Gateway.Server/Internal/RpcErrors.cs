using Gateway.Api.V1;
using Gateway.Exchange;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Gateway.Server.Internal;

/// <summary>Builds rich gRPC errors: google.rpc.Status with ErrorInfo, BadRequest, and a rejection receipt when there is one.</summary>
internal static class RpcErrors
{
    public static RpcException Create(StatusCode code, string reason, string message, string? field = null, Api.V1.Receipt? receipt = null)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(new ErrorInfo { Reason = reason, Domain = ServerReasons.Domain }) },
        };
        if (field is not null)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        }
        if (receipt is not null) status.Details.Add(Any.Pack(receipt));
        return status.ToRpcException();
    }

    public static RpcException From(ExchangeException refusal) =>
        Create(Map(refusal.Kind), refusal.Reason, refusal.Message, refusal.Field,
            refusal.Receipt is null ? null : ReceiptMapper.ToProto(refusal.Receipt.Signed));

    private static StatusCode Map(ExchangeErrorKind kind) => kind switch
    {
        ExchangeErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ExchangeErrorKind.NotFound => StatusCode.NotFound,
        ExchangeErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ExchangeErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ExchangeErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ExchangeErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        _ => StatusCode.Internal,
    };
}
