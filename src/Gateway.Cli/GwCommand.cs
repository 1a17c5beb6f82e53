using System.CommandLine;
using Gateway.Cli.Commands;

namespace Gateway.Cli;

/// <summary>
/// `gw`: the gateway's command line. Exit codes: 0 success (or a valid verdict), 1 failure (or an
/// invalid verdict, with the reason), 2 usage error.
/// </summary>
public static class GwCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>Runs gw in this process and returns what it printed: for tests and for hosts that embed the CLI.</summary>
    public static async Task<(int Code, string Out, string Error)> RunCapturedAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RunAsync(args, output, error).ConfigureAwait(false);
        return (code, output.ToString(), error.ToString());
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Root(new CliConsole(output, error));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) await error.WriteLineAsync("gw: " + parseError.Message);
            await error.WriteLineAsync("Run 'gw --help' for usage.");
            return Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>The command tree (for tests that check every command, e.g. that each takes --json).</summary>
    internal static RootCommand Root(CliConsole console) =>
        new("Gateway: document exchange between Thai government agencies, with signed and time-stamped receipts.")
        {
            ServeCommand.Create(console),
            PkiCommand.Create(console),
            SubmitCommand.Create(console),
            InboxCommand.Create(console),
            AckCommand.Create(console),
            ReceiptsCommand.Create(console),
            VerifyCommand.Create(console),
            SignCommand.Create(console),
            SignCommand.Extend(console),
            LogCommand.Create(console),
            ReceiptCommand.Create(console),
            PolicyCommand.Create(console),
            DbCommand.Create(console),
            CaseCommand.Create(console),
            DoctorCommand.Create(console),
            KeysCommand.Create(console),
            CompletionCommand.Create(console),
        };
}
