using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Gateway.Server.Internal;

/// <summary>
/// Counts and times every gRPC call by method and final status code. Registered before
/// <see cref="GatewayInterceptor"/>, so it wraps it and sees the status that the caller gets (the
/// refusal mapped to its code), not the exception inside. ASP.NET Core's own request metric says 200
/// for every gRPC call, whatever its status, which is why this exists.
/// </summary>
internal sealed class RequestMetricsInterceptor(ServerTelemetry telemetry) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, async () => { await continuation(request, responseStream, context); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, async () => { await continuation(requestStream, responseStream, context); return true; });

    private async Task<T> Measure<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            var result = await call();
            // A handler may set the status without throwing.
            status = context.Status.StatusCode;
            return result;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            status = StatusCode.Cancelled;
            throw;
        }
        catch
        {
            // gRPC answers any other exception with UNKNOWN.
            status = StatusCode.Unknown;
            throw;
        }
        finally
        {
            // Only registered methods reach an interceptor, so the method label is bounded by the service definitions.
            telemetry.RequestCompleted(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
