using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// Debian's nginx as a gRPC load balancer on loopback: its own prefix and configuration, `grpc_pass` round
/// robin over the instances, HTTP/2 without TLS (the instances run in development plaintext mode; in
/// production TLS passes through to them, see docs/deploy.md). Stopped on dispose. The cluster tests and the
/// load generator (bench/) both put it in front of their instances.
/// </summary>
public sealed class NginxBalancer : IDisposable
{
    private readonly Process _process;

    private NginxBalancer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static string? Binary() => ExternalTool.Find("nginx") ?? ExternalTool.Find("/usr/sbin/nginx");

    public static async Task<NginxBalancer> StartAsync(string prefix, IEnumerable<int> upstreamPorts)
    {
        var binary = Binary() ?? throw new InvalidOperationException("nginx is not installed (make deps installs it)");
        var port = LoopbackPort.Free();
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var servers = string.Concat(upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;\n"));
        // keepalive: reuse upstream connections; without it nginx opens one per call, and a load run measures TCP set-up.
        // As root, nginx's workers would drop to "nobody" and fail to use the prefix; run them as the current user.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            {{user}}daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/temp/body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;
                upstream gateway {
            {{servers}}        keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}} http2;
                    client_max_body_size 0;
                    http2_max_concurrent_streams 1024;
                    location / {
                        grpc_pass grpc://gateway;
                        # An instance that was just killed: try the next one rather than failing the call.
                        grpc_next_upstream error timeout;
                        grpc_read_timeout 1h;
                        grpc_send_timeout 1h;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-p", prefix, "-c", config },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new NginxBalancer(process, port);
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("nginx did not listen within 20 s");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
