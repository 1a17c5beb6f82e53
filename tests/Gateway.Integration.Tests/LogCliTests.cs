using System.Text.Json.Nodes;
using Gateway.Cli;
using Gateway.Crypto;
using Gateway.Testing;
using static Gateway.Integration.Tests.GatewayFixture;

namespace Gateway.Integration.Tests;

/// <summary>`gw log proof|audit|export`, `gw receipt bundle` and `gw verify receipt --log` against a running gateway.</summary>
[Collection("gateway")]
public sealed class LogCliTests(GatewayFixture gateway) : IDisposable
{
    private readonly TempFolder _folder = new("gw-log-cli");

    public void Dispose() => _folder.Dispose();

    private static Task<(int Code, string Out, string Error)> GwAsync(params string[] args) => GwCommand.RunCapturedAsync(args);

    private string[] Connection(string agency) => ["--server", gateway.Address, "--pki", gateway.Pki.Directory, "--as", agency];

    private async Task<string> SubmitAsync(string name)
    {
        var submitted = await gateway.Exchange(A).SubmitAsync(Documents.Submit(B, Documents.Pdf()));
        var path = _folder.File(name);
        await File.WriteAllBytesAsync(path, submitted.Receipt.Signed.ToByteArray());
        return path;
    }

    [Fact]
    public async Task Log_proof_prints_the_contract_fields_and_checks_the_checkpoint()
    {
        var receipt = await SubmitAsync("proof.p7s");
        var proof = await GwAsync(["log", "proof", "--receipt", receipt, "--json", .. Connection(A)]);
        Assert.True(proof.Code == 0, proof.Error + proof.Out);
        var json = JsonNode.Parse(proof.Out)!.AsObject();
        foreach (var field in new[] { "leafIndex", "treeSize", "rootHash", "auditPath", "checkpoint" }) Assert.True(json.ContainsKey(field), field);
        Assert.True(json["leafIndex"]!.GetValue<long>() < json["treeSize"]!.GetValue<long>());
        Assert.Equal(32, Convert.FromBase64String(json["rootHash"]!.GetValue<string>()).Length);
        Assert.All(json["auditPath"]!.AsArray(), h => Assert.Equal(32, Convert.FromBase64String(h!.GetValue<string>()).Length));
        Assert.Contains("\n\n\u2014 ", json["checkpoint"]!.GetValue<string>());
        Assert.True(json["verified"]!.GetValue<bool>());

        var text = await GwAsync(["log", "proof", "--receipt", receipt, .. Connection(B)]);
        Assert.True(text.Code == 0, text.Error);
        Assert.Contains("signed by the log key", text.Out);
        // Not a party: refused by the gateway.
        var outsider = await GwAsync(["log", "proof", "--receipt", receipt, .. Connection(C)]);
        Assert.Equal(1, outsider.Code);
        Assert.Contains("NOT_A_PARTY", outsider.Error);
    }

    [Fact]
    public async Task A_bundle_verifies_fully_offline_and_a_changed_bundle_does_not()
    {
        var receipt = await SubmitAsync("bundled.p7s");
        var bundlePath = _folder.File("bundled.json");
        var bundle = await GwAsync(["receipt", "bundle", receipt, "-o", bundlePath, .. Connection(A)]);
        Assert.True(bundle.Code == 0, bundle.Error + bundle.Out);

        // Offline: only the trust anchors and the log's public key.
        var verify = await GwAsync("verify", "receipt", bundlePath, "--trust", gateway.Pki.RootsPem, "--log-key", gateway.Pki.LogPublicKey, "--json");
        Assert.True(verify.Code == 0, verify.Error + verify.Out);
        var json = JsonNode.Parse(verify.Out)!.AsObject();
        Assert.True(json["valid"]!.GetValue<bool>());
        Assert.True(json["log"]!["included"]!.GetValue<bool>());
        Assert.NotNull(json["log"]!["checkpointTime"]);

        var text = await GwAsync("verify", "receipt", bundlePath, "--trust", gateway.Pki.RootsPem, "--log-key", gateway.Pki.LogPublicKey);
        Assert.Contains("INCLUDED", text.Out);

        // A bundle whose proof was changed, or checked with another log's key, is refused.
        var node = JsonNode.Parse(await File.ReadAllTextAsync(bundlePath))!.AsObject();
        var path = node["auditPath"]!.AsArray();
        if (path.Count > 0)
        {
            var hash = Convert.FromBase64String(path[0]!.GetValue<string>());
            hash[0] ^= 1;
            path[0] = Convert.ToBase64String(hash);
        }
        else
        {
            node["leafIndex"] = node["leafIndex"]!.GetValue<long>() + 1;
        }
        var changed = _folder.File("changed.json");
        await File.WriteAllTextAsync(changed, node.ToJsonString());
        var refused = await GwAsync("verify", "receipt", changed, "--trust", gateway.Pki.RootsPem, "--log-key", gateway.Pki.LogPublicKey);
        Assert.Equal(1, refused.Code);
        Assert.Contains("NOT PROVEN", refused.Out + refused.Error);

        using var other = new TempFolder("gw-other-log");
        var otherPki = new DevPkiLayout(other.Path);
        DevPki.EnsureLogKey(otherPki);
        Assert.Equal(1, (await GwAsync("verify", "receipt", bundlePath, "--trust", gateway.Pki.RootsPem, "--log-key", otherPki.LogPublicKey)).Code);
    }

    [Fact]
    public async Task Verify_checks_inclusion_against_the_gateway_or_a_checkpoint_file()
    {
        var receipt = await SubmitAsync("online.p7s");
        var online = await GwAsync(["verify", "receipt", receipt, "--trust", gateway.Pki.RootsPem, "--log", gateway.Address, .. Connection(B)]);
        Assert.True(online.Code == 0, online.Error + online.Out);
        Assert.Contains("INCLUDED", online.Out);
        Assert.Contains("log position", online.Out);

        // A checkpoint kept from before (here: the newest, saved as a file): the proof is fetched at its size.
        var proof = JsonNode.Parse((await GwAsync(["log", "proof", "--receipt", receipt, "--json", .. Connection(A)])).Out)!;
        var checkpointFile = _folder.File("kept.checkpoint");
        await File.WriteAllTextAsync(checkpointFile, proof["checkpoint"]!.GetValue<string>());
        var against = await GwAsync(["verify", "receipt", receipt, "--trust", gateway.Pki.RootsPem, "--log", checkpointFile, .. Connection(A)]);
        Assert.True(against.Code == 0, against.Error + against.Out);

        // Without --log a logged receipt says where it is but that inclusion was not checked.
        var plain = await GwAsync("verify", "receipt", receipt, "--trust", gateway.Pki.RootsPem);
        Assert.Equal(0, plain.Code);
        Assert.Contains("inclusion not checked", plain.Out);
    }

    [Fact]
    public async Task Audit_from_a_kept_checkpoint_and_an_export_audited_offline()
    {
        var receipt = await SubmitAsync("audit.p7s");
        var proof = JsonNode.Parse((await GwAsync(["log", "proof", "--receipt", receipt, "--json", .. Connection(A)])).Out)!;
        var kept = _folder.File("kept.json");
        await File.WriteAllTextAsync(kept, proof.ToJsonString());
        await SubmitAsync("later.p7s");

        var next = _folder.File("next.checkpoint");
        var audit = await GwAsync(["log", "audit", "--from", kept, "--out", next, .. Connection(C)]);
        Assert.True(audit.Code == 0, audit.Error + audit.Out);
        Assert.Contains("APPEND-ONLY", audit.Out);
        Assert.True(File.Exists(next));
        var full = await GwAsync(["log", "audit", "--from", next, "--full", "--json", .. Connection(C)]);
        Assert.True(full.Code == 0, full.Error + full.Out);
        Assert.True(JsonNode.Parse(full.Out)!["appendOnly"]!.GetValue<bool>());

        var exportPath = _folder.File("export.json");
        var export = await GwAsync(["log", "export", "--from", "0", "-o", exportPath, .. Connection(C)]);
        Assert.True(export.Code == 0, export.Error + export.Out);
        var offline = await GwAsync(["log", "audit", "--export", exportPath, "--pki", gateway.Pki.Directory]);
        Assert.True(offline.Code == 0, offline.Error + offline.Out);

        Assert.Equal(2, (await GwAsync(["log", "audit", .. Connection(C)])).Code);
        Assert.Equal(2, (await GwAsync(["log", "audit", "--from", _folder.File("missing"), .. Connection(C)])).Code);
    }
}
