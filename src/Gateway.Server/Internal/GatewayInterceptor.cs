using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Signing;
using Gateway.Exchange;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Server.Internal;

/// <summary>
/// Every gateway.v1 call: authenticate the agency first, admit it against the agency's limits
/// (<see cref="AgencyLimiter"/>) before it does any work, then turn refusals into rich statuses and
/// anything unexpected into INTERNAL without internals in the message; every refusal goes to the security audit trail
/// (<see cref="SecurityAudit"/>). Client streams must keep sending (<see cref="IdleTimeoutStreamReader{T}"/>). Health and reflection pass
/// unauthenticated and unlimited: they name no agency to charge, do no work worth bounding, and a
/// load balancer must reach health even when every agency is throttled.
/// </summary>
internal sealed partial class GatewayInterceptor : Interceptor
{
    private const string AgencyKey = "gateway.agency";
    private readonly AgencyAuthenticator _authenticator;
    private readonly AgencyLimiter _limiter;
    private readonly SecurityAudit _audit;
    private readonly TimeSpan _streamIdleTimeout;
    private readonly ILogger<GatewayInterceptor> _logger;

    public GatewayInterceptor(AgencyAuthenticator authenticator, AgencyLimiter limiter, SecurityAudit audit, IOptions<GatewayOptions> options,
        ILogger<GatewayInterceptor> logger)
    {
        _authenticator = authenticator;
        _limiter = limiter;
        _audit = audit;
        _streamIdleTimeout = options.Value.Limits.StreamIdleTimeout;
        _logger = logger;
    }

    public static ReceiptParty Agency(ServerCallContext context) => (ReceiptParty)context.UserState[AgencyKey];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: false, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, () => continuation(Idle(requestStream), context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, async () => { await continuation(request, responseStream, context); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Guard(context, streaming: true, async () => { await continuation(Idle(requestStream), responseStream, context); return true; });

    private IAsyncStreamReader<T> Idle<T>(IAsyncStreamReader<T> stream) =>
        _streamIdleTimeout > TimeSpan.Zero ? new IdleTimeoutStreamReader<T>(stream, _streamIdleTimeout) : stream;

    private async Task<T> Guard<T>(ServerCallContext context, bool streaming, Func<Task<T>> call)
    {
        if (!context.Method.StartsWith("/gateway.v1.", StringComparison.Ordinal)) return await call();
        // Known once authentication succeeds: the audit record of a later refusal names the agency.
        string? caller = null;
        try
        {
            var agency = _authenticator.Authenticate(context.GetHttpContext());
            caller = agency.Agency;
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
            var e = RpcErrors.From(refusal);
            _audit.Refused(context, e.StatusCode, refusal.Reason, caller);
            throw e;
        }
        catch (TimeStampException e)
        {
            // Nothing is stored without its receipt, and no receipt exists without a trusted time.
            _audit.Refused(context, StatusCode.Unavailable, e.Reason, caller);
            throw RpcErrors.Create(StatusCode.Unavailable, e.Reason, $"the time-stamp authority is unavailable: {e.Message}");
        }
        catch (EvidenceLog.EvidenceLogUnavailableException e)
        {
            // Fail-closed: no receipt can be sealed into a checkpoint, so none is issued.
            _audit.Refused(context, StatusCode.Unavailable, e.Reason, caller);
            throw RpcErrors.Create(StatusCode.Unavailable, e.Reason, e.Message);
        }
        catch (EvidenceLog.EvidenceLogCorruptException e)
        {
            Log.Failed(_logger, context.Method, e);
            throw RpcErrors.Create(StatusCode.DataLoss, e.Reason, e.Message);
        }
        catch (PadesException e)
        {
            var code = e.Reason switch
            {
                PadesException.NotAPdf or PadesException.Encrypted or PadesException.AppearancePage or PadesException.AppearanceQr => StatusCode.InvalidArgument,
                PadesException.RevocationRequired => StatusCode.Unavailable,
                _ => StatusCode.FailedPrecondition,
            };
            _audit.Refused(context, code, e.Reason, caller);
            throw RpcErrors.Create(code, e.Reason, e.Message);
        }
        catch (Pdf.PdfFormatException e)
        {
            // A document that opened but falls apart deeper in (a broken page tree, a bad object) is still bad input.
            _audit.Refused(context, StatusCode.InvalidArgument, PadesException.NotAPdf, caller);
            throw RpcErrors.Create(StatusCode.InvalidArgument, PadesException.NotAPdf, $"the PDF cannot be read: {e.Message}");
        }
        catch (Exception e) when (IsMalformedMessage(e))
        {
            // A stream's next message that does not parse (too deeply nested, truncated, a bad tag) is the client's
            // fault, not the gateway's: INVALID_ARGUMENT with a reason, not INTERNAL and an error in the log.
            _audit.Refused(context, StatusCode.InvalidArgument, ServerReasons.MessageMalformed, caller);
            throw RpcErrors.Create(StatusCode.InvalidArgument, ServerReasons.MessageMalformed, $"a request message is not valid protobuf: {MalformedMessage(e)}");
        }
        catch (RpcException e) when (e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason is { } reason)
        {
            // Our own refusals (authentication, limits, services' argument checks, an idle stream): they carry a reason.
            _audit.Refused(context, e.StatusCode, reason, caller);
            throw;
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        catch (Exception e)
        {
            Log.Failed(_logger, context.Method, e);
            throw RpcErrors.Create(StatusCode.Internal, ServerReasons.Internal, "internal error; the gateway logged it");
        }
    }

    private static bool IsMalformedMessage(Exception e) => MalformedMessage(e) is not null;

    /// <summary>The protobuf parser's complaint, wherever grpc-dotnet wrapped it, or null.</summary>
    private static string? MalformedMessage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Google.Protobuf.InvalidProtocolBufferException) return e.Message;
        }
        return null;
    }
}
