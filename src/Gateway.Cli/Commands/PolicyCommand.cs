using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.Evidence;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw policy check FILE [--catalogue FILE]`: lints a method policy file against the method catalogue (the built-in one,
/// or the built-in one extended by --catalogue). Every problem is printed as FILE:LINE:POSITION (syntax and type
/// errors) or FILE (JSON path) (rule errors). Exit 0 when the policy is usable as is, 1 otherwise.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The policy file (schemas/method-policy.schema.json)" };
        var catalogue = new Option<FileInfo?>("--catalogue") { Description = "A catalogue file extending or replacing the built-in catalogue, as Gateway:Methods:CataloguePath" };
        var check = new Command("check", "Lint a method policy against the method catalogue; exit 0 when it is usable, 1 otherwise") { file, catalogue };
        check.SetAction((parse, _) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parse.GetValue(file)!.FullName;
            try
            {
                var methods = MethodCatalogue.Load(parse.GetValue(catalogue)?.FullName);
                var policy = MethodPolicy.Parse(await File.ReadAllBytesAsync(path), path);
                var problems = policy.Check(methods, path);
                foreach (var problem in problems) await console.Error.WriteLineAsync(problem.Message);
                if (problems.Count > 0)
                {
                    await console.Error.WriteLineAsync($"gw: {problems.Count} problem(s) in policy {policy.Version}");
                    return GwCommand.Failed;
                }
                await console.Out.WriteLineAsync($"{path}: policy {policy.Version} is valid against catalogue {methods.Version} ({policy.Services.Count} rule(s))");
                return GwCommand.Ok;
            }
            catch (MethodConfigurationException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return GwCommand.Failed;
            }
            catch (IOException e)
            {
                await console.Error.WriteLineAsync($"{path}: cannot read the file: {e.Message}");
                return GwCommand.Failed;
            }
        }));
        return new Command("policy", "Method policies (มสพร. 6): minimum level per step, per service") { check };
    }
}
