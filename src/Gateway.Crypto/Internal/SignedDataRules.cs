using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Crypto.Internal;

/// <summary>
/// Structural rules of RFC 5652 that BouncyCastle does not enforce. They matter because the fields they cover
/// are outside the signature: without them a changed byte there would leave the signature "valid".
/// </summary>
internal static class SignedDataRules
{
    private const string IdData = "1.2.840.113549.1.7.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string EcPublicKey = "1.2.840.10045.2.1";

    // Combined signature algorithms and the only digest each may be used with (RFC 4055, RFC 5754, RFC 5758).
    private static readonly Dictionary<string, string?> SignatureAlgorithms = new()
    {
        [RsaEncryption] = null,
        [RsaPss] = null,
        ["1.2.840.113549.1.1.11"] = HashAlgorithms.Sha256Oid,
        ["1.2.840.113549.1.1.12"] = HashAlgorithms.Sha384Oid,
        ["1.2.840.113549.1.1.13"] = HashAlgorithms.Sha512Oid,
        [EcPublicKey] = null,
        ["1.2.840.10045.4.3.2"] = HashAlgorithms.Sha256Oid,
        ["1.2.840.10045.4.3.3"] = HashAlgorithms.Sha384Oid,
        ["1.2.840.10045.4.3.4"] = HashAlgorithms.Sha512Oid,
    };

    /// <summary>Returns null when the SignedData and its single SignerInfo follow the rules.</summary>
    public static Verdict? Check(SignedData signedData)
    {
        if (signedData.SignerInfos.Count != 1)
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"expected exactly one SignerInfo, found {signedData.SignerInfos.Count}");
        }

        var signerInfo = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        int signerVersion = signerInfo.Version.IntValueExact;
        int expectedSignerVersion = signerInfo.SignerID.IsTagged ? 3 : 1;
        if (signerVersion != expectedSignerVersion)
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"SignerInfo version {signerVersion} does not match its signer identifier (expected {expectedSignerVersion})");
        }

        // RFC 5652 §5.1, for SignedData without attribute certificates or other revocation formats.
        int expectedVersion = signerVersion == 3 || signedData.EncapContentInfo.ContentType.Id != IdData ? 3 : 1;
        if (signedData.Version.IntValueExact != expectedVersion)
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"SignedData version {signedData.Version} where {expectedVersion} is required");
        }

        var digestAlgorithm = signerInfo.DigestAlgorithm;
        if (!ParametersAbsentOrNull(digestAlgorithm))
        {
            return Verdict.Failed(SubIndications.FormatFailure, "digest algorithm parameters must be absent or NULL");
        }

        bool listed = false;
        foreach (var element in signedData.DigestAlgorithms)
        {
            var algorithm = AlgorithmIdentifier.GetInstance(element);
            if (!ParametersAbsentOrNull(algorithm))
            {
                return Verdict.Failed(SubIndications.FormatFailure, "SignedData digestAlgorithms has parameters other than NULL");
            }

            listed |= algorithm.Algorithm.Equals(digestAlgorithm.Algorithm);
        }

        if (!listed)
        {
            return Verdict.Failed(SubIndications.FormatFailure, "the SignerInfo digest algorithm is missing from SignedData digestAlgorithms");
        }

        var signatureAlgorithm = signerInfo.SignatureAlgorithm;
        if (!SignatureAlgorithms.TryGetValue(signatureAlgorithm.Algorithm.Id, out var requiredDigest))
        {
            return Verdict.Indeterminate(SubIndications.CryptoConstraintsFailure, $"signature algorithm {signatureAlgorithm.Algorithm.Id} is not accepted");
        }

        if (requiredDigest is not null && requiredDigest != digestAlgorithm.Algorithm.Id)
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"signature algorithm {signatureAlgorithm.Algorithm.Id} does not match digest algorithm {digestAlgorithm.Algorithm.Id}");
        }

        if (signatureAlgorithm.Algorithm.Id != RsaPss && !ParametersAbsentOrNull(signatureAlgorithm))
        {
            return Verdict.Failed(SubIndications.FormatFailure, "signature algorithm parameters must be absent or NULL");
        }

        if (signerInfo.SignedAttrs is null)
        {
            return Verdict.Failed(SubIndications.FormatFailure, "signed attributes are missing");
        }

        return null;
    }

    /// <summary>The single value of a signed attribute that must occur exactly once.</summary>
    public static Asn1Encodable? SingleValue(Org.BouncyCastle.Asn1.Cms.AttributeTable attributes, DerObjectIdentifier type)
    {
        var all = attributes.GetAll(type);
        if (all.Count != 1)
        {
            return null;
        }

        var values = Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(all[0]).AttrValues;
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// BouncyCastle matches issuer names by equivalence (a PrintableString equals a NumericString with the same
    /// text); the SignerIdentifier is unsigned, so it must name the certificate's issuer byte for byte.
    /// </summary>
    public static bool SignerIdentifierIsExact(SignerInfo signerInfo, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        if (signerInfo.SignerID.IsTagged)
        {
            return true;
        }

        var issuerAndSerial = IssuerAndSerialNumber.GetInstance(signerInfo.SignerID.ID);
        return issuerAndSerial.Issuer.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(certificate.IssuerName.RawData);
    }

    private static bool ParametersAbsentOrNull(AlgorithmIdentifier algorithm) =>
        algorithm.Parameters is null || algorithm.Parameters is Asn1Null;
}
