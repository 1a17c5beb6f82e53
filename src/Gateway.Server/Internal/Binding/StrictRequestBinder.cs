using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Gateway.Server.Internal.Binding;

/// <summary>
/// The binder the generated <c>BindService</c> reports its methods to: each goes to grpc-dotnet with a request
/// marshaller that turns the parser's refusal into INVALID_ARGUMENT MESSAGE_MALFORMED, and with the service's own
/// method as handler (the generated code passes none when binding without an instance).
/// </summary>
internal sealed class StrictRequestBinder<TService>(ServiceMethodProviderContext<TService> context) : ServiceBinderBase where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        context.AddUnaryMethod(Strict(method), Metadata(method),
            Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext)));

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        context.AddServerStreamingMethod(Strict(method), Metadata(method),
            Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        context.AddClientStreamingMethod(Strict(method), Metadata(method),
            Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)));

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        context.AddDuplexStreamingMethod(Strict(method), Metadata(method),
            Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)));

    /// <summary>The most derived public method of that name and signature: the service's override of the generated one.</summary>
    private static TDelegate Handler<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate =>
        (typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
         ?? throw new InvalidOperationException($"{typeof(TService).Name} has no {name} method")).CreateDelegate<TDelegate>();

    /// <summary>What endpoint metadata grpc-dotnet gives a method: the service's attributes, then the method's.</summary>
    private static List<object> Metadata(IMethod method)
    {
        var metadata = new List<object>(typeof(TService).GetCustomAttributes(inherit: true));
        if (typeof(TService).GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m.Name == method.Name) is { } handler)
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
        return metadata;
    }

    private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, deserialization =>
        {
            try
            {
                return parse(deserialization);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw RpcErrors.Create(StatusCode.InvalidArgument, ServerReasons.MessageMalformed, $"a request message is not valid protobuf: {e.Message}");
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }
}
