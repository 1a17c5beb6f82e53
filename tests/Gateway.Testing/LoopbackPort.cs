using System.Net;
using System.Net.Sockets;

namespace Gateway.Testing;

public static class LoopbackPort
{
    /// <summary>A port free right now; another process may take it before it is used, so callers retry their start.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
