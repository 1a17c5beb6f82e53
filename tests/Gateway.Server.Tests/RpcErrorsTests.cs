using Gateway.Exchange;
using Gateway.Server.Internal;
using Google.Rpc;
using Grpc.Core;

namespace Gateway.Server.Tests;

public sealed class RpcErrorsTests
{
    [Theory]
    [InlineData(ExchangeErrorKind.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ExchangeErrorKind.NotFound, StatusCode.NotFound)]
    [InlineData(ExchangeErrorKind.PermissionDenied, StatusCode.PermissionDenied)]
    [InlineData(ExchangeErrorKind.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ExchangeErrorKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ExchangeErrorKind.FailedPrecondition, StatusCode.FailedPrecondition)]
    public void A_refusal_becomes_a_status_with_its_reason_and_field(ExchangeErrorKind kind, StatusCode code)
    {
        var e = RpcErrors.From(new ExchangeException(kind, "SOME_REASON", "what went wrong", "some_field"));
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Equal("what went wrong", status.Message);
        Assert.Equal("SOME_REASON", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal("gateway.v1", status.GetDetail<ErrorInfo>()!.Domain);
        Assert.Equal("some_field", status.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        Assert.Null(status.GetDetail<Api.V1.Receipt>());
    }

    [Fact]
    public void Without_a_field_there_is_no_bad_request_detail()
    {
        var status = RpcErrors.Create(StatusCode.Unauthenticated, "CLIENT_CERTIFICATE_REQUIRED", "no certificate").GetRpcStatus()!;
        Assert.Null(status.GetDetail<BadRequest>());
    }

    [Fact]
    public void A_refusal_over_a_limit_carries_the_limit()
    {
        var refusal = new ExchangeException(ExchangeErrorKind.ResourceExhausted, ExchangeReasons.ContentTooLarge, "too large", "content") { Limit = 4_194_304 };
        var info = RpcErrors.From(refusal).GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("4194304", info.Metadata["limit"]);
        Assert.Empty(RpcErrors.From(new ExchangeException(ExchangeErrorKind.NotFound, "SOME_REASON", "missing")).GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata);
    }
}
