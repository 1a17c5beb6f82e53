using Google.Rpc;
using Grpc.Core;

namespace Gateway.Integration.Tests;

internal static class RpcAssert
{
    /// <summary>Asserts the call fails with the code and stable reason, and returns the exception for more checks.</summary>
    public static async Task<RpcException> FailsAsync(Func<Task> call, StatusCode code, string reason, string? field = null)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal(reason, status!.GetDetail<ErrorInfo>()?.Reason);
        if (field is not null) Assert.Equal(field, status.GetDetail<BadRequest>()?.FieldViolations.Single().Field);
        return e;
    }
}
