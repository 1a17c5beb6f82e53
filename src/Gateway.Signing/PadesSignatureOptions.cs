using System.Security.Cryptography;

namespace Gateway.Signing;

/// <summary>What one signature says about itself and how far it goes.</summary>
public sealed class PadesSignatureOptions
{
    public PadesLevel Level { get; set; } = PadesLevel.BaselineB;

    /// <summary>The signature field's /T; a unique "Signature N" when null.</summary>
    public string? FieldName { get; set; }

    public string? Reason { get; set; }
    public string? Location { get; set; }
    public string? ContactInfo { get; set; }

    /// <summary>DocMDP permissions (1 no changes, 2 form filling and signing, 3 also annotations) to certify the document; only for its first signature.</summary>
    public int? CertifyPermissions { get; set; }

    /// <summary>The claimed signing time written to /M (PAdES forbids the CMS signing-time attribute). Default: now.</summary>
    public DateTimeOffset? SigningTime { get; set; }

    /// <summary>Makes the signature visible on a page; invisible when null.</summary>
    public VisibleSignature? Appearance { get; set; }

    public HashAlgorithmName DigestAlgorithm { get; set; } = HashAlgorithmName.SHA256;

    /// <summary>RSASSA-PSS instead of PKCS#1 v1.5 (RSA keys only).</summary>
    public bool RsaPss { get; set; }
}
