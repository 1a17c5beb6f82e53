using System.CommandLine;
using Gateway.Cli.Internal;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw completion bash|zsh`: a shell completion script. It asks gw itself through System.CommandLine's
/// [suggest] directive, so completions follow the commands and options of the installed version.
/// Install: `source <(gw completion bash)` (or write it to /etc/bash_completion.d/gw).
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        _gw_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _gw_complete gw
        """;

    private const string Zsh = """
        #compdef gw
        _gw() {
          local -a completions
          completions=("${(@f)$(gw "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -a completions
        }
        compdef _gw gw
        """;

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: source <(gw completion bash)") { shell };
        command.SetAction((parse, _) => CommandRunner.RunAsync(console, async () =>
        {
            await console.Out.WriteLineAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return GwCommand.Ok;
        }));
        return command;
    }
}
