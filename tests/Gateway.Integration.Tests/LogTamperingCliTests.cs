using Gateway.Cli;
using Gateway.Crypto;
using Gateway.Testing;
using Microsoft.Data.Sqlite;

namespace Gateway.Integration.Tests;

/// <summary>`gw log audit` on a gateway whose database is tampered with behind its back.</summary>
public sealed class LogTamperingCliTests() : OwnPkiTests("gw-log-tamper")
{
    private static Task<(int Code, string Out, string Error)> GwAsync(params string[] args) => GwCommand.RunCapturedAsync(args);

    [Theory]
    [InlineData("DELETE FROM evidence_log_entries WHERE leaf_index = (SELECT MAX(leaf_index) FROM evidence_log_entries)", "missing")]
    [InlineData("UPDATE evidence_log_entries SET data = CAST('forged' AS BLOB) WHERE leaf_index = (SELECT MAX(leaf_index) FROM evidence_log_entries)", "do not hash")]
    public async Task A_deleted_or_changed_row_in_the_stored_log_fails_gw_log_audit(string tamper, string expected)
    {
        var data = Folder.File("data-" + expected.Replace(' ', '-'));
        var (app, address) = await GatewayFixture.StartAsync(Pki, data, o => o.EvidenceLog.SealInterval = TimeSpan.FromMilliseconds(100));
        await using var _ = app;
        string[] connection = ["--server", address, "--pki", Pki.Directory, "--as", "agency-a"];
        using var channel = Cli.Internal.GatewayChannel.Create(address, Pki.AgencyClientCertificate("agency-a"), Pki.AgencyClientKey("agency-a"), TrustStore.Load(Pki.RootsPem));
        var exchange = new Api.V1.Exchange.ExchangeClient(channel);

        var first = await exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        await File.WriteAllBytesAsync(Folder.File("first.p7s"), first.Receipt.Signed.ToByteArray());
        var kept = Folder.File("kept-" + expected.Replace(' ', '-') + ".json");
        var proof = await GwAsync(["log", "proof", "--receipt", Folder.File("first.p7s"), "--json", .. connection]);
        Assert.True(proof.Code == 0, proof.Error);
        await File.WriteAllTextAsync(kept, proof.Out);

        for (var i = 0; i < 3; i++) await exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()));
        await File.WriteAllBytesAsync(Folder.File("last.p7s"), (await exchange.SubmitAsync(Documents.Submit("agency-b", Documents.Pdf()))).Receipt.Signed.ToByteArray());
        Assert.Equal(0, (await GwAsync(["log", "proof", "--receipt", Folder.File("last.p7s"), .. connection])).Code); // sealed
        Assert.Equal(0, (await GwAsync(["log", "audit", "--from", kept, .. connection])).Code);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = tamper;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var audit = await GwAsync(["log", "audit", "--from", kept, .. connection]);
        Assert.Equal(1, audit.Code);
        Assert.Contains("NOT APPEND-ONLY", audit.Error);
        Assert.Contains(expected, audit.Error);
        await app.StopAsync();
    }
}
