namespace Gateway.Cli.Tests;

/// <summary>Runs `gw` in this process and captures what it prints.</summary>
internal static class Gw
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await GwCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
