using System.Security.Cryptography;
using Gateway.Crypto;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// What must never appear in anything the gateway or gw says: the raw private values of every PEM key of a
/// development PKI (EC d, RSA d/p/q, Ed25519 seed) in hex and base64, and the first line of each PEM body.
/// </summary>
public static class SecretMaterial
{
    public static IReadOnlyList<string> Of(DevPkiLayout pki)
    {
        var needles = new List<string>();
        foreach (var path in Directory.GetFiles(pki.Directory, "*.key", SearchOption.AllDirectories))
        {
            var pem = File.ReadAllText(path);
            if (!pem.Contains("PRIVATE KEY", StringComparison.Ordinal)) continue;
            // The first base64 line of the key's PEM body: a key printed as PEM, even without its armour.
            needles.AddRange(pem.Split('\n').Skip(1).Take(1).Select(l => l.Trim()).Where(l => l.Length >= 32));
            foreach (var secret in Values(path, pem))
            {
                needles.Add(Convert.ToHexString(secret));
                needles.Add(Convert.ToHexStringLower(secret));
                needles.Add(Convert.ToBase64String(secret));
            }
        }
        return needles;
    }

    private static IEnumerable<byte[]> Values(string path, string pem)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return [ecdsa.ExportParameters(true).D!];
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException) { }
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            var parameters = rsa.ExportParameters(true);
            return [parameters.D!, parameters.P!, parameters.Q!];
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException) { }
        try
        {
            return [DevPki.ReadEd25519PrivateKey(path).GetEncoded()];
        }
        catch (CryptoFormatException)
        {
            // Neither EC, RSA nor Ed25519 (an encrypted key, say): its PEM line above is still searched for.
            return [];
        }
    }
}
