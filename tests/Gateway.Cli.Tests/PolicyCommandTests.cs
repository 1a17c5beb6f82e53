using Gateway.Cli;

namespace Gateway.Cli.Tests;

/// <summary>`gw policy check`: exit 0 for a usable policy, 1 with each problem positioned otherwise.</summary>
public sealed class PolicyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gw-policy-check").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static Task<(int Code, string Out, string Error)> GwAsync(params string[] args) => GwCommand.RunCapturedAsync(args);

    [Fact]
    public async Task A_valid_policy_exits_0()
    {
        var path = Write("ok.json", """{"version":"p1","services":[{"serviceId":"2.16.764.1.99","requestKind":"PERMIT","minimum":{"signature":"standard","channel":"initial"}}]}""");
        var (code, output, error) = await GwAsync("policy", "check", path);
        Assert.Equal(GwCommand.Ok, code);
        Assert.Contains("policy p1 is valid", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task The_sample_policy_is_valid()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) dir = dir.Parent;
        var (code, output, _) = await GwAsync("policy", "check", Path.Combine(dir!.FullName, "samples", "method-policy.json"));
        Assert.Equal(GwCommand.Ok, code);
        Assert.Contains("sample-2026.1", output);
    }

    [Fact]
    public async Task Rule_errors_are_all_listed_with_their_paths_and_exit_1()
    {
        var path = Write("rules.json", """{"version":"p2","services":[{"serviceId":"a","minimum":{"signature":"gold","teleport":"initial"}}]}""");
        var (code, _, error) = await GwAsync("policy", "check", path);
        Assert.Equal(GwCommand.Failed, code);
        Assert.Contains($"{path} ($.services[0].minimum['signature'])", error);
        Assert.Contains($"{path} ($.services[0].minimum['teleport'])", error);
        Assert.Contains("2 problem(s)", error);
    }

    [Fact]
    public async Task A_syntax_error_names_line_and_position_and_exits_1()
    {
        var path = Write("syntax.json", "{\n  \"version\": \"p3\",\n  \"services\": [\n    { \"serviceId\": \"a\" \"minimum\": {} }\n  ]\n}");
        var (code, _, error) = await GwAsync("policy", "check", path);
        Assert.Equal(GwCommand.Failed, code);
        Assert.StartsWith($"{path}:4:", error);
    }

    [Fact]
    public async Task A_catalogue_extension_is_honoured()
    {
        var catalogue = Write("catalogue.json", """{"version":"c1","levels":["high"],"steps":{"identity_proofing":{"methods":{"thaid-app":{"level":"high"}}}}}""");
        var path = Write("high.json", """{"version":"p4","services":[{"serviceId":"*","minimum":{"identity_proofing":"high"}}]}""");
        Assert.Equal(GwCommand.Failed, (await GwAsync("policy", "check", path)).Code);
        var (code, output, _) = await GwAsync("policy", "check", path, "--catalogue", catalogue);
        Assert.Equal(GwCommand.Ok, code);
        Assert.Contains("catalogue c1", output);
    }
}
