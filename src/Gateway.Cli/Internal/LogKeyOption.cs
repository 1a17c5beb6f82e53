using System.CommandLine;
using Gateway.EvidenceLog;
using Gateway.Merkle;

namespace Gateway.Cli.Internal;

/// <summary>
/// --log-key: the log's public key an auditor or verifier pins (a PEM public key file such as
/// certs/dev/log/log.pub, a C2SP verifier key, or a file holding one); default: the development
/// PKI's log.pub. The checkpoint names its origin, which is the key's name.
/// </summary>
internal sealed class LogKeyOption
{
    public Option<string?> Key { get; } = new("--log-key")
    {
        Description = "The evidence log's public key: PEM file (e.g. certs/dev/log/log.pub) or C2SP verifier key; default: the development PKI's log.pub",
    };

    public void AddTo(Command command) => command.Add(Key);

    /// <exception cref="CliUsageException">No key given and none in the development PKI, or an unreadable key.</exception>
    public NoteVerifier Verifier(ParseResult parse, string checkpointNote, DirectoryInfo? pki)
    {
        if (!SignedCheckpoint.TryReadUnverified(checkpointNote, out var body))
            throw new CliUsageException("the checkpoint is not a signed checkpoint note");
        var key = parse.GetValue(Key);
        if (key is null)
        {
            var fallback = new Crypto.DevPkiLayout((pki ?? new DirectoryInfo("certs/dev")).FullName).LogPublicKey;
            key = File.Exists(fallback) ? fallback : throw new CliUsageException($"give the log's public key with --log-key (no {fallback})");
        }
        try
        {
            return LogKeys.LoadVerifier(key, body!.Origin);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--log-key: {e.Message}");
        }
    }
}
