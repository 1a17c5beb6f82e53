using System.Text.RegularExpressions;
using Gateway.Integration.Tests.Cluster;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.Integration.Tests;

/// <summary>
/// The agency back-ends in examples/python and examples/node, run as an agency runs them: against a live
/// `gw serve` over TLS with their client certificates, submitting a document, draining the recipient's inbox,
/// acknowledging and verifying every receipt with OpenSSL. What they print is what the test checks, and the
/// document they saved must be the one sent. A refused submission must come out with its stable reason and
/// its rejection receipt, read from the status details and verified.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClientExamplesTests(LiveGateway gateway, ITestOutputHelper output) : IClassFixture<LiveGateway>
{
    // Debian's interpreter, which has python3-grpcio; a pyenv python3 earlier on PATH does not.
    private const string SystemPython = "/usr/bin/python3";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_python_example_submits_receives_acknowledges_and_verifies_its_receipts()
    {
        if (!ExternalTool.Require(SystemPython, output) || !ExternalTool.RequireOpenSsl(output)) return;
        var modules = ExternalTool.Run(SystemPython, ["-c", "import grpc, google.protobuf"]);
        if (!ExternalTool.Require(modules.ExitCode == 0, "python3-grpcio for /usr/bin/python3", output)) return;
        if (!ExternalTool.Require("protoc", output) || !ExternalTool.Require("grpc_python_plugin", output)) return;

        var script = Path.Combine(RepositoryPaths.Root, "examples", "python", "agency.py");
        RunDemo(SystemPython, script);
        RunRefusedSubmission(SystemPython, script);
    }

    [Fact]
    public void The_node_example_submits_receives_acknowledges_and_verifies_its_receipts()
    {
        if (!ExternalTool.Require("node", output) || !ExternalTool.RequireOpenSsl(output)) return;
        var example = Path.Combine(RepositoryPaths.Root, "examples", "node");
        if (!ExternalTool.Require(Directory.Exists(Path.Combine(example, "node_modules", "@grpc", "grpc-js")),
                "examples/node/node_modules (make examples-deps)", output)) return;

        RunDemo("node", Path.Combine(example, "agency.js"));
        RunRefusedSubmission("node", Path.Combine(example, "agency.js"));
    }

    private void RunDemo(string runtime, string script)
    {
        using var work = new TempFolder("gw-example");
        var document = RepositoryPaths.Sample("permit.pdf");
        var run = RunExample(runtime, script, "demo", document, "agency-b", work.Path);
        Assert.True(run.ExitCode == 0, run.ToString());

        var messageId = Submitted().Match(run.StandardOutput).Groups["id"].Value;
        Assert.NotEmpty(messageId);
        Assert.Matches($@"acknowledged: message {messageId}, receipt \S+ \(CONTENT_HANDOVER\)", run.StandardOutput);
        // Each of the message's receipts passed `openssl cms -verify` against the roots, and its JSON names the message.
        var verified = run.StandardOutput.Split('\n').Where(line => line.StartsWith("verified: receipt", StringComparison.Ordinal)
                                                                    && line.Contains(messageId, StringComparison.Ordinal)).ToList();
        Assert.Contains(verified, line => line.Contains("\"SubmissionAcceptance\"", StringComparison.Ordinal));
        Assert.Contains(verified, line => line.Contains("\"ContentHandover\"", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(document), File.ReadAllBytes(Path.Combine(work.Path, "received", messageId, "permit.pdf")));
    }

    private void RunRefusedSubmission(string runtime, string script)
    {
        using var work = new TempFolder("gw-example");
        var run = RunExample(runtime, script, "submit", RepositoryPaths.Sample("permit.pdf"), "agency-nobody", work.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("gateway refused: NOT_FOUND", run.StandardError);
        Assert.Contains("reason: RECIPIENT_UNKNOWN (domain gateway.v1)", run.StandardError);
        Assert.Contains("field: recipient_agency", run.StandardError);
        Assert.Matches(@"rejection receipt \S+ verified: SubmissionRejection, reason RECIPIENT_UNKNOWN", run.StandardError);
        Assert.Single(Directory.GetFiles(Path.Combine(work.Path, "refused"), "*.p7s"));
    }

    private ExternalTool.Result RunExample(string runtime, string script, string command, string document, string recipient, string outFolder)
    {
        var started = DateTime.UtcNow;
        var run = ExternalTool.Run(runtime,
            [script, command, document, "--server", $"127.0.0.1:{gateway.Process.Port}", "--pki", gateway.Pki,
             "--as", "agency-a", "--to", recipient, "--out", outFolder],
            workingDirectory: Path.GetDirectoryName(script), timeout: RunLimit);
        output.WriteLine($"{Path.GetFileName(script)} {command} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s\n{run}");
        return run;
    }

    [GeneratedRegex(@"^submitted: message (?<id>\S+),", RegexOptions.Multiline)]
    private static partial Regex Submitted();
}

/// <summary>One gateway with TLS and client certificates required, its own development PKI and data, for the examples.</summary>
public sealed class LiveGateway : IAsyncLifetime
{
    private readonly TempFolder _folder = new("gw-examples");

    public LiveGateway()
    {
        Pki = _folder.File("pki");
        Process = new GatewayProcess(Pki, _folder.File("data"), $"Data Source={_folder.File("gateway.db")}", [], tls: true);
    }

    /// <summary>Made by the gateway on first start: agencies/agency-{a,b}/client.{crt,key}, trust/roots.pem.</summary>
    public string Pki { get; }

    internal GatewayProcess Process { get; }

    public Task InitializeAsync() => Process.StartAsync();

    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        _folder.Dispose();
    }
}
