using System.Diagnostics;

namespace Gateway.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster on loopback for the cluster bench, made with Debian's server binaries
/// (/usr/lib/postgresql/*/bin): initdb into a temporary folder with trust authentication, `pg_ctl start` on a
/// free port, stopped and deleted on dispose. PostgreSQL refuses to run as root, so as root it runs as the
/// `postgres` user Debian's package creates. Same settings as the tests' cluster (fsync off: nothing here must
/// survive, and the bench measures the gateway, not this disk), so figures compare with what the tests exercise.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private const string SuperUser = "gwbench";
    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;

    private PostgresServer(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The maintenance database: the cluster exists for one bench run, so the gateway's tables may live there.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database=postgres;Maximum Pool Size=50";

    public static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (make deps installs them)");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        // As root, directly under /tmp: the postgres user must reach the folder.
        var root = Directory.CreateDirectory(Path.Combine("/tmp", "gw-bench-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        if (runAs is not null) Run(null, "chown", [runAs, root]);
        Run(runAs, Path.Combine(bin, "initdb"), ["-D", Path.Combine(root, "data"), "-U", SuperUser, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                Run(runAs, Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "30", "start"]);
                return new PostgresServer(bin, root, runAs, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose()
    {
        try { Run(_runAs, Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { /* best effort */ }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Run(string? user, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(user is null ? program : "runuser")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/",
        };
        foreach (var argument in user is null ? arguments : ["-u", user, "--", program, .. arguments]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {errors}{output.Result}");
    }
}
