using Npgsql;
using Xunit;

namespace Gateway.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster on loopback, made with Debian's server binaries
/// (<c>/usr/lib/postgresql/*/bin</c>): initdb into a temporary folder (trust authentication,
/// no fsync: nothing here must survive the test run), <c>pg_ctl start</c> on a free port, stopped
/// and deleted when the test process exits. PostgreSQL refuses to run as root, so as root the
/// server runs as the <c>postgres</c> user Debian's package creates (or <c>nobody</c>).
/// One cluster per test process (<see cref="Shared"/>); each test takes its own database.
/// Under CI=true a missing PostgreSQL is a failure, never a skip (see <see cref="ExternalTool"/>).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public const string SuperUser = "gwtest";
    private static readonly Lazy<PostgresCluster?> SharedCluster = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _unavailableReason;

    private readonly string _root;
    private readonly string _bin;
    private readonly string? _runAs;
    private int _stopped;

    private PostgresCluster(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Connection string to the cluster's maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database, int maxPoolSize = 20) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            // A pool per database would keep dropped databases' connections around; tests are short.
            MaxPoolSize = maxPoolSize,
        }.ConnectionString;

    /// <summary>The process's cluster, started on first use; null (the test returns early) when PostgreSQL is not installed outside CI.</summary>
    public static PostgresCluster? Shared => SharedCluster.Value;

    /// <summary>The shared cluster, or null after saying why; fails under CI=true when PostgreSQL is missing.</summary>
    public static PostgresCluster? Require(Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        var cluster = Shared;
        if (cluster is not null) return cluster;
        if (ExternalTool.InCi) Assert.Fail($"PostgreSQL is required under CI=true (make deps installs it): {_unavailableReason}");
        output?.WriteLine($"PostgreSQL not available ({_unavailableReason}); test not run (set CI=true to make this a failure).");
        return null;
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "gw")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // An identifier cannot be a parameter; the name is made here of a prefix and a GUID.
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static PostgresCluster? StartShared()
    {
        var bin = FindBinDirectory();
        if (bin is null)
        {
            _unavailableReason = "no /usr/lib/postgresql/*/bin/initdb";
            return null;
        }
        var cluster = Start(bin);
        cluster.StopWhenProcessEnds();
        return cluster;
    }

    public static PostgresCluster Start(string bin)
    {
        var runAs = Environment.UserName == "root" || geteuid() == 0 ? ServiceUser() : null;
        // As root, under /tmp itself: the server's user must reach the folder, and TMPDIR may be inside root's home.
        var root = runAs is null
            ? Directory.CreateTempSubdirectory("gw-pg-").FullName
            : Directory.CreateDirectory(Path.Combine("/tmp", "gw-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            if (runAs is not null) Check(ExternalTool.Run("chown", [runAs, root]), "chown");
            Check(RunAs(runAs, Path.Combine(bin, "initdb"),
                ["-D", Path.Combine(root, "data"), "-U", SuperUser, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]), "initdb");
            // Another process may take the port between the probe and the start: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var port = LoopbackPort.Free();
                var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
                var result = RunAs(runAs, Path.Combine(bin, "pg_ctl"),
                    ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "30", "start"]);
                if (result.ExitCode == 0) return new PostgresCluster(bin, root, runAs, port);
                if (attempt == 3)
                {
                    var log = File.Exists(Path.Combine(root, "server.log")) ? File.ReadAllText(Path.Combine(root, "server.log")) : "";
                    throw new InvalidOperationException($"pg_ctl start failed: {result}\n{log}");
                }
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>
    /// A detached watchdog stops the cluster and deletes its folder once this process is gone, however it
    /// ends (the test host may be killed right after its last test, before any exit handler finishes).
    /// </summary>
    private void StopWhenProcessEnds()
    {
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var stop = _runAs is null ? $"'{pgCtl}'" : $"runuser -u {_runAs} -- '{pgCtl}'";
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
                     $"{stop} -D '{DataDirectory}' -m immediate -w stop; rm -rf '{_root}'";
        var start = new System.Diagnostics.ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", script }) start.ArgumentList.Add(argument);
        System.Diagnostics.Process.Start(start)?.Dispose();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try { RunAs(_runAs, Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]); }
        catch (Exception) { /* best effort at process exit */ }
        TryDelete(_root);
    }

    private static string ServiceUser()
    {
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        return passwd.Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
    }

    private static ExternalTool.Result RunAs(string? user, string program, string[] arguments) =>
        user is null
            ? ExternalTool.Run(program, arguments, workingDirectory: "/")
            : ExternalTool.Run("runuser", ["-u", user, "--", program, .. arguments], workingDirectory: "/");

    private static void Check(ExternalTool.Result result, string what)
    {
        if (result.ExitCode != 0) throw new InvalidOperationException($"{what} failed: {result}");
    }

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
