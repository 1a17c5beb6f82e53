using System.Diagnostics;

namespace Gateway.Bench;

/// <summary>
/// Debian's nginx as the gRPC load balancer in front of the instances (as docs and the cluster tests deploy it):
/// its own prefix and configuration, `grpc_pass` round robin per call over plaintext HTTP/2, killed on dispose.
/// </summary>
internal sealed class NginxProxy : IDisposable
{
    private readonly Process _process;

    private NginxProxy(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static async Task<NginxProxy> StartAsync(string prefix, IEnumerable<int> upstreamPorts)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("nginx is not installed (make deps installs it)");
        var port = LoopbackPort.Free();
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var servers = string.Concat(upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;\n"));
        // As root, nginx's workers would drop to "nobody" and could not use the prefix.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var config = Path.Combine(prefix, "nginx.conf");
        // keepalive: reuse upstream connections (without it nginx opens one per call, which measures TCP set-up, not the gateway).
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
                        grpc_read_timeout 1h;
                        grpc_send_timeout 1h;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, ArgumentList = { "-p", prefix, "-c", config } };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new NginxProxy(process, port);
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
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit();
        _process.Dispose();
    }
}
