using System.Diagnostics;
using Gateway.Testing;

namespace Gateway.Integration.Tests.Cluster;

/// <summary>
/// One `gw serve` as a process of its own (the build's gw.dll beside the test binaries), in development
/// plaintext mode on a fixed loopback port, so that it can be killed with SIGKILL and started again on the
/// same port behind a load balancer. Instances of one cluster share the development PKI (the seal, TSA and
/// log keys) and the document folder; the database is whatever the connection string names.
/// With <c>tls</c> it serves as in production instead: HTTPS with the PKI's server certificate and client
/// certificates required, for clients that are not .NET (the examples in examples/).
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly string _pki;
    private readonly string _data;
    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _settings;
    private readonly bool _tls;
    private Process? _process;

    public GatewayProcess(string pki, string data, string connectionString, IReadOnlyList<string> settings, bool tls = false)
    {
        _pki = pki;
        _data = data;
        _connectionString = connectionString;
        _settings = settings;
        _tls = tls;
        Port = LoopbackPort.Free();
    }

    public int Port { get; }

    public string Address => $"{(_tls ? "https" : "http")}://127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the process and returns once it listens (its "gateway listening on" line).</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (Running) throw new InvalidOperationException("already running");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "gw.dll"), "serve", "--urls", Address, "--data", _data, "--pki", _pki,
                $"--ConnectionStrings:Gateway={_connectionString}", "--Logging:LogLevel:Default=Warning",
                "--Gateway:Development:RevocationListen=", "--Gateway:Limits:RequestsPerSecondPerAgency=0",
            },
        };
        if (!_tls) start.ArgumentList.Add("--dev-insecure");
        foreach (var setting in _settings) start.ArgumentList.Add(setting);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start gw serve");
        _process = process;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("gateway listening on", StringComparison.Ordinal))
                {
                    // Keep draining stdout so that the process never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Kill();
        lock (errors) throw new InvalidOperationException($"gw serve did not start on {Address}: {errors}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}
