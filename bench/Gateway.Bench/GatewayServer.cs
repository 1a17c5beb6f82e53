using System.Diagnostics;

namespace Gateway.Bench;

/// <summary>
/// One `gw serve` as a child process: started with the given arguments, ready once it prints its
/// "gateway listening on" line, killed on dispose. Its process id is what the soak samples the RSS of.
/// </summary>
internal sealed class GatewayServer : IDisposable
{
    private readonly Process _process;

    private GatewayServer(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The address the gateway printed (with the port it bound when asked for port 0).</summary>
    public string Address { get; }

    public int ProcessId => _process.Id;

    public bool Running => !_process.HasExited;

    /// <param name="arguments">After `serve`. The per-agency call rate is always off: the bench measures how fast the gateway works, not how it throttles one agency.</param>
    public static async Task<GatewayServer> StartAsync(string gw, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(gw) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["serve", .. arguments, "--Logging:LogLevel:Default=Warning", "--Gateway:Development:RevocationListen=",
                     "--Gateway:Limits:RequestsPerSecondPerAgency=0"])
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {gw}");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string marker = "gateway listening on ";
                if (!line.StartsWith(marker, StringComparison.Ordinal)) continue;
                // Keep draining so the server never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new GatewayServer(process, line[marker.Length..].Trim());
            }
        }
        catch (OperationCanceledException)
        {
        }
        Stop(process);
        throw new InvalidOperationException("the gateway did not start listening: " + await errors);
    }

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit();
        process.Dispose();
    }
}
