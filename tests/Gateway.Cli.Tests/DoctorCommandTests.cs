using System.Text.Json.Nodes;

namespace Gateway.Cli.Tests;

/// <summary>`gw doctor`: says what is missing and what to do, changes nothing, and its --json has a stable shape.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Without_keys_it_fails_with_advice_and_creates_nothing()
    {
        using var folder = new TempFolder("gw-doctor");
        var (code, _, error) = await GwCommand.RunCapturedAsync("doctor", "--pki", folder.File("pki"), "--data", folder.File("data"));
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains("FAIL keys", error);
        Assert.Contains("gw pki init", error);
        Assert.False(Directory.Exists(folder.File("pki")));
        Assert.False(Directory.Exists(folder.File("data")));
    }

    [Fact]
    public async Task With_a_development_pki_every_check_passes_and_json_lists_them()
    {
        using var folder = new TempFolder("gw-doctor");
        Assert.Equal(0, (await GwCommand.RunCapturedAsync("pki", "init", "--dir", folder.File("pki"))).Code);
        var (code, stdout, error) = await GwCommand.RunCapturedAsync("doctor", "--pki", folder.File("pki"), "--data", folder.File("data"), "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.True(json["healthy"]!.GetValue<bool>());
        var checks = json["checks"]!.AsArray().Select(c => (Name: c!["name"]!.GetValue<string>(), Status: c["status"]!.GetValue<string>())).ToList();
        Assert.Equal(["configuration", "agencies", "trust anchors", "seal key", "tls certificate", "tsa", "evidence log key", "database"], checks.Select(c => c.Name));
        Assert.All(checks.Where(c => c.Name != "database"), c => Assert.Equal("ok", c.Status));
        // The database is made by the first start, not by the doctor.
        Assert.Equal("warning", checks.Single(c => c.Name == "database").Status);
    }
}
