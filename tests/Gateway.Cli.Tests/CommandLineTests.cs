using Gateway.Api.V1;
using Gateway.Cli;
using Gateway.Cli.Commands;
using Gateway.Cli.Internal;

namespace Gateway.Cli.Tests;

public sealed class CommandLineTests
{
    private static Task<(int Code, string Out, string Error)> GwAsync(params string[] args) => GwCommand.RunCapturedAsync(args);

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("submit", "file.pdf")]                 // --to missing
    [InlineData("verify", "receipt", "x.p7s")]         // --trust missing
    [InlineData("submit", "file.pdf", "--to", "b", "--kind", "NoSuchKind")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await GwAsync(args);
        Assert.Equal(GwCommand.Usage, code);
        Assert.Contains("gw", error);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_commands()
    {
        var (code, output, _) = await GwAsync("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "serve", "pki", "submit", "inbox", "ack", "receipts", "verify" }) Assert.Contains(command, output);
    }

    [Fact]
    public async Task Verify_case_of_a_file_that_is_not_a_case_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var file = folder.File("case.zip");
        await File.WriteAllTextAsync(file, "not a zip");
        var (code, _, error) = await GwAsync("verify", "case", file);
        Assert.Equal(GwCommand.Usage, code);
        Assert.Contains("not a ZIP file", error);

        using (var zip = System.IO.Compression.ZipFile.Open(folder.File("empty.zip"), System.IO.Compression.ZipArchiveMode.Create)) zip.CreateEntry("manifest.json");
        (code, _, error) = await GwAsync("verify", "case", folder.File("empty.zip"));
        Assert.Equal(GwCommand.Usage, code);
        Assert.Contains("not a case file", error);
    }

    [Fact]
    public async Task Completion_prints_a_script_that_asks_gw_and_gw_answers_with_its_commands()
    {
        var (code, script, _) = await GwAsync("completion", "bash");
        Assert.Equal(0, code);
        Assert.Contains("complete -o default -F _gw_complete gw", script);
        Assert.Contains("[suggest:", script);
        var (suggestCode, suggestions, _) = await GwAsync("[suggest:6]", "gw ver");
        Assert.Equal(0, suggestCode);
        Assert.Contains("verify", suggestions.Split('\n').Select(l => l.Trim()));
        Assert.Equal(GwCommand.Usage, (await GwAsync("completion", "fish")).Code);
    }

    [Fact]
    public void Every_command_that_produces_a_result_takes_json()
    {
        // serve runs until stopped, completion prints a shell script and policy check prints positioned lint errors.
        string[] exempt = ["gw serve", "gw completion", "gw policy check"];
        var missing = new List<string>();
        void Walk(System.CommandLine.Command command, string path)
        {
            if (command.Subcommands.Count == 0)
            {
                if (!exempt.Contains(path) && !command.Options.Any(o => o.Name == "--json")) missing.Add(path);
                return;
            }
            foreach (var sub in command.Subcommands) Walk(sub, $"{path} {sub.Name}");
        }
        Walk(GwCommand.Root(new CliConsole(TextWriter.Null, TextWriter.Null)), "gw");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task A_client_command_without_an_identity_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var file = folder.File("a.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.7");
        var (code, _, error) = await GwAsync("submit", file, "--to", "agency-b", "--pki", folder.Path);
        Assert.Equal(GwCommand.Usage, code);
        Assert.Contains("--as", error);
    }

    [Theory]
    [InlineData("identity=digital-id:standard", "identity", "digital-id", MethodLevel.Standard)]
    [InlineData("identity=ndid:initial", "identity", "ndid", MethodLevel.Initial)]
    [InlineData("fee_payment=promptpay", "fee_payment", "promptpay", MethodLevel.Unspecified)]
    [InlineData("x=urn:a:b", "x", "urn:a:b", MethodLevel.Unspecified)]
    public void Claims_parse_as_step_method_and_optional_level(string text, string step, string method, MethodLevel level)
    {
        var claim = SubmitCommand.ParseClaim(text);
        Assert.Equal((step, method, level), (claim.Step, claim.Method, claim.Level));
    }

    [Fact]
    public void A_claim_without_a_step_is_refused() => Assert.Throws<CliUsageException>(() => SubmitCommand.ParseClaim("=method"));

    [Theory]
    [InlineData("permit.pdf", "permit.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\evil.exe", "evil.exe")]
    [InlineData("..", "document")]
    [InlineData("", "document")]
    public void Names_from_other_agencies_never_leave_the_folder(string name, string safe) => Assert.Equal(safe, InboxCommand.SafeName(name));

    [Theory]
    [InlineData("a.PDF", "application/pdf")]
    [InlineData("a.xml", "application/xml")]
    [InlineData("a", "application/octet-stream")]
    public void Media_types_follow_the_extension(string name, string type) => Assert.Equal(type, MediaTypes.FromFileName(name));

    [Fact]
    public void Times_are_shown_in_utc_and_in_the_thai_buddhist_era()
    {
        var text = ReceiptSummary.When(new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero));
        Assert.StartsWith("2026-11-26T01:02:03.000Z", text);
        Assert.Contains("2569", text);   // 2026 + 543
        Assert.Contains("08:02:03", text); // Bangkok, UTC+7
    }
}
