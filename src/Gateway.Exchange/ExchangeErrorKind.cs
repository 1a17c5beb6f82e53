namespace Gateway.Exchange;

/// <summary>The class of a refusal; the server maps it to a gRPC status code.</summary>
public enum ExchangeErrorKind
{
    InvalidArgument,
    NotFound,
    PermissionDenied,
    AlreadyExists,
    ResourceExhausted,
    FailedPrecondition,
}
