using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Integration.Tests.Hostile;

/// <summary>
/// Protobuf bytes no generated client would send, and the raw call that sends them to a gateway method as they are.
/// </summary>
internal static class HostileMessages
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>
    /// Field 15 as a group, opened <paramref name="depth"/> times and closed as often: an unknown field every parser must
    /// skip, by recursion in most of them (Google.Protobuf stops at its recursion limit of 100).
    /// </summary>
    public static byte[] NestedGroups(int depth)
    {
        const byte start = (15 << 3) | 3, end = (15 << 3) | 4;
        var bytes = new byte[depth * 2];
        Array.Fill(bytes, start, 0, depth);
        Array.Fill(bytes, end, depth, depth);
        return bytes;
    }

    /// <summary>Field 2 (bytes) announcing about 2 GiB and carrying four bytes.</summary>
    public static byte[] TruncatedLength() => [(2 << 3) | 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3, 4];

    /// <summary>Sends <paramref name="request"/> as the request message of /<paramref name="service"/>/<paramref name="method"/>.</summary>
    public static Task<byte[]> UnaryAsync(GrpcChannel channel, string service, string method, byte[] request, Metadata? headers = null) =>
        channel.CreateCallInvoker().AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, method, Bytes, Bytes), null,
            new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), request).ResponseAsync;

    /// <summary>Sends the messages, as they are, as a client stream to the method and returns its answer.</summary>
    public static async Task<byte[]> ClientStreamAsync(GrpcChannel channel, string service, string method, params byte[][] messages)
    {
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(new Method<byte[], byte[]>(MethodType.ClientStreaming, service, method, Bytes, Bytes),
            null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
        try
        {
            foreach (var message in messages) await call.RequestStream.WriteAsync(message);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The server ended the call first; its status is in the answer.
        }
        return await call.ResponseAsync;
    }
}
