using System.Security.Cryptography.X509Certificates;
using Gateway.Pkix;

namespace Gateway.Validation.Internal;

/// <summary>What one CMS SignedData says and whether its cryptography holds; no trust decisions yet.</summary>
internal sealed class CmsFacts
{
    /// <summary>Set when the bytes are not a SignedData at all.</summary>
    public string? Unreadable { get; set; }

    /// <summary>FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE or NO_SIGNING_CERTIFICATE_FOUND when integrity fails.</summary>
    public string? IntegrityFailure { get; set; }
    public string? IntegrityError { get; set; }
    public bool Integrity => Unreadable is null && IntegrityFailure is null;

    public int SignerInfoCount { get; set; }
    public string DigestOid { get; set; } = "";
    public string SignatureOid { get; set; } = "";
    public X509Certificate2? SignerCertificate { get; set; }
    public byte[] SignatureValue { get; set; } = [];
    public bool HasSignedAttributes { get; set; }
    public bool HasContentType { get; set; }

    /// <summary>signing-certificate-v2 (or v1) present and naming the signer's certificate.</summary>
    public bool SigningCertificateReference { get; set; }

    /// <summary>A signing-certificate attribute is present but names another certificate.</summary>
    public bool SigningCertificateMismatch { get; set; }
    public DateTimeOffset? SigningTimeAttribute { get; set; }
    public bool HasSignaturePolicy { get; set; }
    public IReadOnlyList<byte[]> SignatureTimeStampTokens { get; set; } = [];

    /// <summary>Certificates, CAdES certificate/revocation values and Adobe's revocationInfoArchival.</summary>
    public ValidationMaterial Material { get; set; } = ValidationMaterial.Empty;

    /// <summary>True when revocation values were embedded in the CMS itself (CAdES-X-L or Adobe archival).</summary>
    public bool HasEmbeddedRevocation => Material.OcspResponses.Count > 0 || Material.Crls.Count > 0;

    public List<string> Warnings { get; } = [];
}
