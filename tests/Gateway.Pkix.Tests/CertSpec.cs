using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Gateway.Pkix.Tests;

/// <summary>What to put in a test certificate. Defaults make a well-formed CA or end-entity certificate.</summary>
internal sealed class CertSpec
{
    public AsymmetricCipherKeyPair? Key { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    public DateTimeOffset? NotAfter { get; set; }

    /// <summary>basicConstraints cA; null leaves the extension out.</summary>
    public bool? Ca { get; set; }

    public int? PathLength { get; set; }

    /// <summary>BouncyCastle KeyUsage flags; 0 leaves the extension out; null picks a default from <see cref="Ca"/>.</summary>
    public int? KeyUsage { get; set; }

    public string[]? Eku { get; set; }

    public bool EkuCritical { get; set; }

    /// <summary>Overrides the issuer key's default algorithm (e.g. "MD5WITHRSA", "SHA1WITHRSA").</summary>
    public string? SignatureAlgorithm { get; set; }

    public bool SubjectKeyId { get; set; } = true;

    public bool AuthorityKeyId { get; set; } = true;

    /// <summary>An AKI keyIdentifier other than the issuer's (to point at another key with the same name).</summary>
    public byte[]? AuthorityKeyIdOverride { get; set; }

    public int Version { get; set; } = 3;

    public string? OcspUrl { get; set; }

    public string? CrlUrl { get; set; }

    public string[]? DnsNames { get; set; }

    public string[]? Emails { get; set; }

    public NameConstraints? NameConstraints { get; set; }

    /// <summary>Extra extensions: OID, critical, DER value.</summary>
    public List<(string Oid, bool Critical, byte[] Value)> Extra { get; } = [];
}
