using Gateway.Crypto;
using Gateway.Merkle;

namespace Gateway.EvidenceLog;

/// <summary>Reads the log's checkpoint key (signing) and the keys verifiers pin.</summary>
public static class LogKeys
{
    /// <summary>The signer for <paramref name="origin"/> from a PKCS#8 PEM Ed25519 private key file.</summary>
    /// <exception cref="CryptoFormatException">Not an Ed25519 key; the message names the path, never the key.</exception>
    public static NoteSigner LoadSigner(string privateKeyPath, string origin) =>
        NoteSigner.FromEd25519Seed(origin, DevPki.ReadEd25519PrivateKey(privateKeyPath).GetEncoded());

    /// <summary>
    /// A verifier from what an auditor holds: a C2SP verifier key ("name+keyid+base64", as the server's
    /// GetCheckpoint shows it), a file containing one, or a PEM public key file (log/log.pub), whose
    /// key name is then <paramref name="origin"/>.
    /// </summary>
    /// <remarks>A file may hold several verifier keys, one a line (a log's current key and those it had before a
    /// rotation): the verifier then accepts a checkpoint signed by any of them.</remarks>
    /// <exception cref="FormatException">None of those.</exception>
    public static NoteVerifier LoadVerifier(string keyOrPath, string origin)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyOrPath);
        var text = File.Exists(keyOrPath) ? File.ReadAllText(keyOrPath).Trim() : keyOrPath.Trim();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1 && !text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                return NoteVerifier.AnyOf([.. lines.Select(NoteVerifier.FromVerifierKey)]);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"the log keys are not keys of one log: {e.Message}", e);
            }
        }
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                return NoteVerifier.FromEd25519PublicKey(origin, DevPki.ParseEd25519PublicKeyPem(text));
            }
            catch (CryptoFormatException e)
            {
                throw new FormatException($"the log key is not an Ed25519 public key: {e.Message}", e);
            }
        }
        return NoteVerifier.FromVerifierKey(text);
    }
}
