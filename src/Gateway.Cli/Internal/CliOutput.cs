using System.CommandLine;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Internal;

/// <summary>
/// What a command prints when it is done: a line for a person, or with `--json` one JSON object for a script
/// (and nothing else on standard output). Every command that produces something takes `--json`.
/// </summary>
internal static class CliOutput
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON" };

    public static Task WriteAsync(CliConsole console, ParseResult parse, Option<bool> json, string text, Func<JsonObject> result) =>
        parse.GetValue(json) ? ReceiptSummary.WriteJsonAsync(console.Out, result()) : console.Out.WriteLineAsync(text);
}
