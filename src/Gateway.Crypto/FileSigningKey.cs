using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;

namespace Gateway.Crypto;

/// <summary>A signing key read from PEM or PKCS#12 files. Development and small deployments; HSMs come later.</summary>
public sealed class FileSigningKey : ISigningKey, IDisposable
{
    private readonly AsymmetricAlgorithm _privateKey;
    private bool _disposed;

    private FileSigningKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, AsymmetricAlgorithm privateKey, KeyAlgorithm algorithm)
    {
        Certificate = certificate;
        Chain = chain;
        _privateKey = privateKey;
        Algorithm = algorithm;
    }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>
    /// <paramref name="certificatePath"/>: PEM, the leaf first then optional chain certificates (a root among
    /// them is dropped). <paramref name="privateKeyPath"/>: PEM "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" or "EC PRIVATE KEY".
    /// </summary>
    public static FileSigningKey LoadPem(string certificatePath, string privateKeyPath)
    {
        X509Certificate2Collection certificates = [];
        try
        {
            certificates.ImportFromPemFile(certificatePath);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new CryptoFormatException($"Cannot read certificates from '{certificatePath}'.", e);
        }

        if (certificates.Count == 0)
        {
            throw new CryptoFormatException($"'{certificatePath}' contains no PEM certificate.");
        }

        var leaf = certificates[0];
        var algorithm = AlgorithmOf(leaf);
        string pem;
        try
        {
            pem = File.ReadAllText(privateKeyPath);
        }
        catch (IOException e)
        {
            throw new CryptoFormatException($"Cannot read private key file '{privateKeyPath}'.", e);
        }

        AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa ? RSA.Create() : ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            // The inner exception is deliberately dropped: its message could quote key material.
            throw new CryptoFormatException($"'{privateKeyPath}' does not hold an unencrypted {algorithm} private key in PEM.");
        }

        return Create(leaf, certificates.Skip(1), key, algorithm, privateKeyPath);
    }

    /// <summary>Loads the certificate that has a private key, and the other certificates as its chain.</summary>
    public static FileSigningKey LoadPkcs12(string path, string? password)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            throw new CryptoFormatException($"Cannot read PKCS#12 file '{path}' (wrong password or not PKCS#12).");
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CryptoFormatException($"'{path}' contains no certificate with a private key.");
        var algorithm = AlgorithmOf(leaf);
        AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa
            ? leaf.GetRSAPrivateKey()!
            : leaf.GetECDsaPrivateKey()!;
        var publicLeaf = X509CertificateLoader.LoadCertificate(leaf.RawData);
        return Create(publicLeaf, all.Where(c => !ReferenceEquals(c, leaf)), key, algorithm, path);
    }

    public byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _privateKey switch
        {
            RSA rsa => rsa.SignHash(hash.ToArray(), hashAlgorithm, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignHash(hash.ToArray(), DSASignatureFormat.Rfc3279DerSequence),
            _ => throw new InvalidOperationException("Unsupported key type."),
        };
    }

    public byte[] SignHashPss(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _privateKey is RSA rsa
            ? rsa.SignHash(hash.ToArray(), hashAlgorithm, RSASignaturePadding.Pss)
            : throw new NotSupportedException("RSASSA-PSS needs an RSA key");
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _privateKey.Dispose();
        }
    }

    public override string ToString() => $"FileSigningKey({Algorithm}, {Certificate.Subject}, serial {Certificate.SerialNumber})";

    private static FileSigningKey Create(X509Certificate2 leaf, IEnumerable<X509Certificate2> others, AsymmetricAlgorithm key, KeyAlgorithm algorithm, string source)
    {
        if (!KeyMatchesCertificate(leaf, key))
        {
            key.Dispose();
            throw new CryptoFormatException($"The private key in '{source}' does not belong to certificate '{leaf.Subject}'.");
        }

        return new FileSigningKey(leaf, OrderChain(leaf, others), key, algorithm);
    }

    private static KeyAlgorithm AlgorithmOf(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => KeyAlgorithm.Rsa,
        "1.2.840.10045.2.1" => KeyAlgorithm.Ecdsa,
        var other => throw new CryptoFormatException($"Certificate '{certificate.Subject}' has an unsupported public key algorithm {other}."),
    };

    private static bool KeyMatchesCertificate(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        // Comparing SubjectPublicKeyInfo avoids signing a probe, which would not work for every key type.
        var fromKey = key switch
        {
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            ECDsa ecdsa => ecdsa.ExportSubjectPublicKeyInfo(),
            _ => [],
        };
        return fromKey.AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Orders by issuer links starting at the leaf and drops self-signed roots (trust anchors are configured, not shipped).</summary>
    internal static IReadOnlyList<X509Certificate2> OrderChain(X509Certificate2 leaf, IEnumerable<X509Certificate2> others)
    {
        var pool = others.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData) is false).ToList();
        var ordered = new List<X509Certificate2>();
        var current = leaf;
        while (pool.Count > 0)
        {
            var next = pool.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData));
            if (next is null)
            {
                break;
            }

            ordered.Add(next);
            pool.Remove(next);
            current = next;
        }

        // Unlinked certificates are kept (at the end) rather than silently lost.
        ordered.AddRange(pool);
        return ordered;
    }
}
