using System.Globalization;
using Gateway.Api.V1;
using Gateway.Exchange;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Gateway.Server.Internal;

/// <summary>
/// Builds rich gRPC errors: google.rpc.Status with ErrorInfo, BadRequest, RetryInfo, and a rejection receipt when there is one.
/// A refusal over a limit carries the limit in ErrorInfo.metadata["limit"], so that clients need not parse messages.
/// </summary>
internal static class RpcErrors
{
    public const string LimitKey = "limit";
    public const string AgencyKey = "agency";

    public static RpcException Create(StatusCode code, string reason, string message, string? field = null, Api.V1.Receipt? receipt = null,
        long? limit = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ServerReasons.Domain };
        if (limit is { } value) info.Metadata[LimitKey] = value.ToString(CultureInfo.InvariantCulture);
        var status = NewStatus(code, message, info);
        if (field is not null)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        }
        if (receipt is not null) status.Details.Add(Any.Pack(receipt));
        return status.ToRpcException();
    }

    /// <summary>RESOURCE_EXHAUSTED for a per-agency limit: the limit and agency in the ErrorInfo, and when to try again if that is known.</summary>
    public static RpcException OverLimit(string reason, string message, string agency, double limit, TimeSpan? retryDelay = null)
    {
        var status = NewStatus(StatusCode.ResourceExhausted, message, new ErrorInfo
        {
            Reason = reason,
            Domain = ServerReasons.Domain,
            Metadata = { [LimitKey] = limit.ToString(CultureInfo.InvariantCulture), [AgencyKey] = agency },
        });
        if (retryDelay is { } delay) status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return status.ToRpcException();
    }

    public static RpcException From(ExchangeException refusal) =>
        Create(Map(refusal.Kind), refusal.Reason, refusal.Message, refusal.Field,
            refusal.Receipt is null ? null : ReceiptMapper.ToProto(refusal.Receipt.Signed), refusal.Limit);

    private static Google.Rpc.Status NewStatus(StatusCode code, string message, ErrorInfo info) => new()
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(info) },
    };

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
