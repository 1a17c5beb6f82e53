using System.CommandLine;
using Gateway.Pkcs11;

namespace Gateway.Cli.Internal;

/// <summary>
/// Which token `gw keys` works on: --token LABEL, --module (default $GW_PKCS11_MODULE) and the PIN from
/// $GW_PKCS11_PIN or a --pin-file. There is no option for the PIN itself: it would sit in shell history and
/// in the process list.
/// </summary>
internal sealed class TokenOptions
{
    public const string PinVariable = "GW_PKCS11_PIN";
    public const string ModuleVariable = "GW_PKCS11_MODULE";

    public Option<string> Token { get; } = new("--token") { Description = "The token's label (slot numbers change; labels stay)", Required = true };
    public Option<string?> Module { get; } = new("--module") { Description = $"The PKCS#11 module (default ${ModuleVariable})" };
    public Option<FileInfo?> PinFile { get; } = new("--pin-file") { Description = $"A file holding the user PIN (default: the PIN in ${PinVariable})" };

    public void AddTo(Command command)
    {
        command.Add(Token);
        command.Add(Module);
        command.Add(PinFile);
    }

    public Pkcs11Options Options(ParseResult parse) => new()
    {
        ModulePath = ModulePath(parse),
        PinEnvironmentVariable = PinVariable,
    };

    /// <summary>The token, or a key on it when <paramref name="label"/> or <paramref name="id"/> is given.</summary>
    public Pkcs11Uri Uri(ParseResult parse, string? label = null, byte[]? id = null) =>
        Pkcs11Uri.For(parse.GetValue(Token)!, ModulePath(parse), parse.GetValue(PinFile)?.FullName, label, id);

    private string ModulePath(ParseResult parse) =>
        parse.GetValue(Module) ?? Environment.GetEnvironmentVariable(ModuleVariable)
        ?? throw new CliUsageException($"name the PKCS#11 module with --module or ${ModuleVariable}");

    /// <summary>A key id given in hex ("01", "a1b2"), as pkcs11-tool and `gw keys list` show it.</summary>
    public static byte[]? ParseId(string? hex)
    {
        if (hex is null) return null;
        try
        {
            return Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--id {hex}: give the key id in hex, e.g. 01 or a1b2");
        }
    }
}
