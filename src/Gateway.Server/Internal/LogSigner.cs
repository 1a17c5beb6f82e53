using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Gateway.Pkcs11;

namespace Gateway.Server.Internal;

/// <summary>
/// The evidence log's checkpoint key as configured (Gateway:EvidenceLog:KeyPath): a PKCS#8 PEM file, or a
/// pkcs11: URI of an Ed25519 key in a token; and the log's earlier keys (Gateway:EvidenceLog:PreviousKeys).
/// </summary>
internal static class LogSigner
{
    /// <summary>The signer and, for a token key, what holds the token open (dispose it when the signer is retired).</summary>
    public static (NoteSigner Signer, IDisposable? Owner) Load(GatewayOptions options)
    {
        var logOptions = options.EvidenceLog;
        var origin = Origin(options);
        var keyPath = logOptions.KeyPath ?? DevelopmentKey(options)
                      ?? throw new InvalidOperationException("Gateway:EvidenceLog:KeyPath is not configured and no PkiDirectory is set");
        if (Pkcs11Uri.IsPkcs11(keyPath))
        {
            var key = Pkcs11KeyStore.LoadEd25519(Pkcs11Uri.Parse(keyPath), options.Pkcs11);
            try
            {
                return (NoteSigner.FromEd25519Signer(origin, key.PublicKey, key.Sign), key);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        if (!File.Exists(keyPath)) throw new InvalidOperationException($"the evidence log key {keyPath} does not exist");
        return (LogKeys.LoadSigner(keyPath, origin), null);
    }

    /// <summary>The verifier keys of Gateway:EvidenceLog:PreviousKeys (verifier keys or PEM public key files).</summary>
    /// <exception cref="FormatException">An entry is neither, or belongs to another log.</exception>
    public static IReadOnlyList<string> PreviousKeys(GatewayOptions options)
    {
        var origin = Origin(options);
        return [.. options.EvidenceLog.PreviousKeys.Where(k => !string.IsNullOrWhiteSpace(k)).SelectMany(k => LogKeys.LoadVerifier(k, origin).VerifierKeys)];
    }

    /// <summary>The configured origin, else "&lt;GatewayId&gt;/evidence-log".</summary>
    public static string Origin(GatewayOptions options) =>
        string.IsNullOrEmpty(options.EvidenceLog.Origin) ? $"{options.Exchange.GatewayId}/evidence-log" : options.EvidenceLog.Origin;

    /// <summary>The key path that is configured or would be used: for messages and comparisons, never a key.</summary>
    public static string? ConfiguredPath(GatewayOptions options) => options.EvidenceLog.KeyPath ?? DevelopmentKeyPath(options);

    private static string? DevelopmentKey(GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.PkiDirectory)) return null;
        var pki = new DevPkiLayout(Path.GetFullPath(options.PkiDirectory));
        // A development PKI made before the log existed gets its log key now.
        if (options.CreateDevelopmentPki && File.Exists(pki.RootsPem)) DevPki.EnsureLogKey(pki);
        return pki.LogKey;
    }

    private static string? DevelopmentKeyPath(GatewayOptions options) =>
        string.IsNullOrEmpty(options.PkiDirectory) ? null : new DevPkiLayout(Path.GetFullPath(options.PkiDirectory)).LogKey;
}
