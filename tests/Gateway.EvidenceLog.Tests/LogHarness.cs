using Gateway.Crypto;
using Gateway.Merkle;
using Microsoft.Data.Sqlite;

namespace Gateway.EvidenceLog.Tests;

/// <summary>A log in its own temporary database, with a fresh key and a fake or real TSA.</summary>
internal sealed class LogHarness : IAsyncDisposable
{
    public const string Origin = "test.example/evidence-log";

    private LogHarness(TempFolder folder, NoteSigner signer, ITimeStampSource timeStamps, EvidenceLogOptions options, TimeProvider? clock)
    {
        Folder = folder;
        Signer = signer;
        TimeStamps = timeStamps;
        Options = options;
        Clock = clock;
    }

    public TempFolder Folder { get; }
    public NoteSigner Signer { get; }
    public ITimeStampSource TimeStamps { get; }
    public EvidenceLogOptions Options { get; }
    public TimeProvider? Clock { get; }
    public SqliteEvidenceLog Log { get; private set; } = null!;
    public string DatabasePath => Folder.File("gateway.db");
    public string ConnectionString => $"Data Source={DatabasePath}";
    public NoteVerifier Verifier => NoteVerifier.FromVerifierKey(Signer.VerifierKey);

    public static async Task<LogHarness> StartAsync(ITimeStampSource? timeStamps = null, Action<EvidenceLogOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new EvidenceLogOptions { Origin = Origin, SealInterval = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        var harness = new LogHarness(new TempFolder("gw-evlog"), NoteSigner.Generate(Origin), timeStamps ?? new FakeTimeStamps(), options, clock);
        await harness.ReopenAsync();
        return harness;
    }

    /// <summary>Closes the log (if open) and opens the same database again, as a restart does.</summary>
    public async Task ReopenAsync()
    {
        if (Log is not null) await Log.DisposeAsync();
        Log = new SqliteEvidenceLog(ConnectionString, Options, Signer, TimeStamps, Clock);
        await Log.OpenAsync();
    }

    /// <summary>Appends one receipt-like entry through the public path (reserve, write, complete).</summary>
    public async Task<long> AppendAsync(string receiptId, params string[] parties)
    {
        await using var slot = Log.Reserve();
        await Log.AppendAsync(slot, Data(receiptId), receiptId, parties.Length == 0 ? ["agency-a"] : parties);
        return slot.Index;
    }

    public static byte[] Data(string receiptId) => System.Text.Encoding.UTF8.GetBytes("receipt " + receiptId);

    /// <summary>Bulk-appends entries r{from}..r{to-1} in transactions of 10 000.</summary>
    public async Task FillAsync(long from, long to)
    {
        for (var start = from; start < to; start += 10_000)
        {
            var batch = new List<(byte[], string, string[])>();
            for (var i = start; i < Math.Min(to, start + 10_000); i++) batch.Add((Data("r" + i), "r" + i, ["agency-a"]));
            await Log.AppendBatchAsync(batch);
        }
    }

    /// <summary>Runs SQL on the database behind the log's back (tampering).</summary>
    public async Task<int> TamperAsync(string sql, params (string, object)[] parameters)
    {
        await using var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Log is not null) await Log.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
