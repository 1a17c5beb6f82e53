using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Internal.Binding;

/// <summary>Binds the gRPC services through <see cref="StrictServiceMethodProvider{TService}"/> instead of grpc-dotnet's binder.</summary>
internal static class StrictServiceBinding
{
    /// <summary>Replaces grpc-dotnet's binder provider; call after every AddGrpc (health checks and reflection call it too).</summary>
    public static void Use(IServiceCollection services)
    {
        var defaults = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
                                           && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList();
        if (defaults.Count == 0) throw new InvalidOperationException("grpc-dotnet's binder service method provider is not registered: call AddGrpc first");
        foreach (var descriptor in defaults) services.Remove(descriptor);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>));
    }
}
