using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Signing;
using Gateway.Exchange;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

/// <summary>
/// Every gateway.v1 call: authenticate the agency first, admit it against the agency's limits
/// (<see cref="AgencyLimiter"/>) before it does any work, then turn refusals into rich statuses and
/// anything unexpected into INTERNAL without internals in the message. Health and reflection pass
/// unauthenticated and unlimited: they name no agency to charge, do no work worth bounding, and a
/// load balancer must reach health even when every agency is throttled.
/// </summary>
internal sealed partial class GatewayInterceptor : Interceptor
{
    private const string AgencyKey = "gateway.agency";
    private readonly AgencyAuthenticator _authenticator;
    private readonly AgencyLimiter _limiter;
    private readonly ILogger<GatewayInterceptor> _logger;

    public GatewayInterceptor(AgencyAuthenticator authenticator, AgencyLimiter limiter, ILogger<GatewayInterceptor> logger)
    {
        _authenticator = authenticator;
        _limiter = limiter;
        _logger = logger;
    }

    public static ReceiptParty Agency(ServerCallContext context) => (ReceiptParty)context.UserState[AgencyKey];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: false, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, async () => { await continuation(request, responseStream, context); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, async () => { await continuation(requestStream, responseStream, context); return true; });

    private async Task<T> Guard<T>(ServerCallContext context, bool streaming, Func<Task<T>> call)
    {
        if (!context.Method.StartsWith("/gateway.v1.", StringComparison.Ordinal)) return await call();
        try
        {
            var agency = _authenticator.Authenticate(context.GetHttpContext());
            _limiter.Admit(agency.Agency, streaming);
            try
            {
                context.UserState[AgencyKey] = agency;
                return await call();
            }
            finally
            {
                if (streaming) _limiter.Release(agency.Agency);
            }
        }
        catch (ExchangeException refusal)
        {
            Log.Refused(_logger, context.Method, refusal.Reason);
            throw RpcErrors.From(refusal);
        }
        catch (TimeStampException e)
        {
            // Nothing is stored without its receipt, and no receipt exists without a trusted time.
            Log.Refused(_logger, context.Method, e.Reason);
            throw RpcErrors.Create(StatusCode.Unavailable, e.Reason, $"the time-stamp authority is unavailable: {e.Message}");
        }
        catch (EvidenceLog.EvidenceLogUnavailableException e)
        {
            // Fail-closed: no receipt can be sealed into a checkpoint, so none is issued.
            Log.Refused(_logger, context.Method, e.Reason);
            throw RpcErrors.Create(StatusCode.Unavailable, e.Reason, e.Message);
        }
        catch (EvidenceLog.EvidenceLogCorruptException e)
        {
            Log.Failed(_logger, context.Method, e);
            throw RpcErrors.Create(StatusCode.DataLoss, e.Reason, e.Message);
        }
        catch (PadesException e)
        {
            Log.Refused(_logger, context.Method, e.Reason);
            throw RpcErrors.Create(e.Reason switch
            {
                PadesException.NotAPdf or PadesException.Encrypted or PadesException.AppearancePage or PadesException.AppearanceQr => StatusCode.InvalidArgument,
                PadesException.RevocationRequired => StatusCode.Unavailable,
                _ => StatusCode.FailedPrecondition,
            }, e.Reason, e.Message);
        }
        catch (Pdf.PdfFormatException e)
        {
            // A document that opened but falls apart deeper in (a broken page tree, a bad object) is still bad input.
            Log.Refused(_logger, context.Method, PadesException.NotAPdf);
            throw RpcErrors.Create(StatusCode.InvalidArgument, PadesException.NotAPdf, $"the PDF cannot be read: {e.Message}");
        }
        catch (RpcException e)
        {
            if (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied) Log.Denied(_logger, context.Method, e.Status.Detail);
            else if (e.StatusCode is StatusCode.ResourceExhausted) Log.Throttled(_logger, context.Method, e.Status.Detail);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (Exception e)
        {
            Log.Failed(_logger, context.Method, e);
            throw RpcErrors.Create(StatusCode.Internal, ServerReasons.Internal, "internal error; the gateway logged it");
        }
    }
}
