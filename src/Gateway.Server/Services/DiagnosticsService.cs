using Gateway.Api.V1;
using Gateway.Server.Internal;
using Grpc.Core;

namespace Gateway.Server.Services;

/// <summary>gateway.v1.Diagnostics: the benchmarks' baseline, through the same authentication as real calls.</summary>
internal sealed class DiagnosticsService : Diagnostics.DiagnosticsBase
{
    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Payload = request.Payload, Agency = GatewayInterceptor.Agency(context).Agency });
}
