using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto;

/// <summary>Trust anchors (root certificates) and optional intermediates used to build chains.</summary>
public sealed class TrustStore
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer", ".der"];

    private TrustStore(IReadOnlyList<X509Certificate2> roots, IReadOnlyList<X509Certificate2> intermediates)
    {
        Roots = roots;
        Intermediates = intermediates;
    }

    public IReadOnlyList<X509Certificate2> Roots { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>
    /// An X509Chain that trusts exactly these roots (never the machine's stores), may use these
    /// intermediates and <paramref name="extra"/>, fetches nothing from the network, and leaves
    /// revocation to the caller. The caller disposes it.
    /// </summary>
    public X509Chain CreateChain(IEnumerable<X509Certificate2>? extra = null, DateTimeOffset? time = null)
    {
        var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(Roots.ToArray());
        policy.ExtraStore.AddRange((extra ?? []).Concat(Intermediates).ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        if (time is { } at) policy.VerificationTime = at.UtcDateTime;
        return chain;
    }

    /// <summary>
    /// A file (PEM bundle or DER) or a folder of *.pem, *.crt, *.cer, *.der files. Self-issued certificates
    /// become roots and the others intermediates, so the dev PKI's whole "trust" folder can be loaded at once.
    /// </summary>
    public static TrustStore Load(string path)
    {
        IEnumerable<string> files;
        if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"Trust store '{path}' does not exist.", path);
        }

        var all = files.SelectMany(ReadCertificates).ToList();
        if (all.Count == 0)
        {
            throw new CryptoFormatException($"No certificate found in trust store '{path}'.");
        }

        var roots = all.Where(IsSelfIssued).ToList();
        if (roots.Count == 0)
        {
            throw new CryptoFormatException($"Trust store '{path}' holds no root (self-issued) certificate.");
        }

        return new TrustStore(roots, all.Where(c => !IsSelfIssued(c)).ToList());
    }

    public static TrustStore FromCertificates(IEnumerable<X509Certificate2> roots, IEnumerable<X509Certificate2>? intermediates = null) =>
        new(roots.ToList(), (intermediates ?? []).ToList());

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static IEnumerable<X509Certificate2> ReadCertificates(string file)
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            // DER starts with a SEQUENCE tag; anything else is treated as PEM text.
            if (bytes.Length > 0 && bytes[0] == 0x30)
            {
                return [X509CertificateLoader.LoadCertificate(bytes)];
            }

            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(System.Text.Encoding.UTF8.GetString(bytes));
            return collection;
        }
        catch (CryptographicException e)
        {
            throw new CryptoFormatException($"Cannot read certificates from '{file}'.", e);
        }
    }
}
