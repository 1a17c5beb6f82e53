using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Gateway.Server.Internal.Binding;

/// <summary>
/// Binds every gRPC service as grpc-dotnet's own binder provider does (the generated <c>BindService</c> named by
/// <see cref="BindServiceMethodAttribute"/>), but through <see cref="StrictRequestBinder{TService}"/>, so that a request
/// the protobuf parser refuses gets INVALID_ARGUMENT MESSAGE_MALFORMED. grpc-dotnet parses a unary or server-streaming
/// request before any interceptor runs and answers a parser exception with UNKNOWN and an error-level stack trace in
/// its log, also for callers without a certificate; an <see cref="RpcException"/> from the deserializer it passes on.
/// (A <c>[BindServiceMethod]</c> on our own classes cannot do this: grpc-dotnet then finds no handlers.)
/// </summary>
internal sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } attribute) continue;
            var bind = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                       ?? throw new InvalidOperationException($"{attribute.BindType} has no {attribute.BindMethodName}(ServiceBinderBase, {type.Name})");
            bind.Invoke(null, [new StrictRequestBinder<TService>(context), null]);
            return;
        }
    }

}
