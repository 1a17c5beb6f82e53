using Grpc.Net.Client;

namespace Gateway.Integration.Tests.Cluster;

/// <summary>Channels straight to each instance (bypassing the balancer), disposed together.</summary>
internal sealed class DisposableChannels(params GrpcChannel[] channels) : IDisposable
{
    public IReadOnlyList<GrpcChannel> Channels { get; } = channels;

    public void Dispose()
    {
        foreach (var channel in Channels) channel.Dispose();
    }
}
