using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Tsp;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;

namespace Gateway.Crypto.Internal;

/// <summary>Checks an RFC 3161 TimeStampToken: shared by the CAdES verifier and the HTTP TSA client.</summary>
internal static class TimeStampTokenValidator
{
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    internal sealed record Outcome(Gateway.Crypto.TimeStampTokenInfo Info, CarriedCertificate TsaCertificate, IReadOnlyList<CarriedCertificate> ChainCertificates);

    /// <summary>
    /// Validates the token's form, its imprint (equal to <paramref name="expectedImprint"/>, or to the hash of
    /// <paramref name="timeStampedData"/> with the token's own algorithm when no imprint is given), the ESS
    /// binding and the signature with the TSA certificate found in the token (or in
    /// <paramref name="fallbackCertificates"/> when the token carries none). Does not build the TSA's chain.
    /// </summary>
    public static Verdict? Check(byte[] token, ReadOnlySpan<byte> timeStampedData, byte[]? expectedImprint, IReadOnlyList<CarriedCertificate> fallbackCertificates, out Outcome? outcome)
    {
        outcome = null;
        TimeStampToken parsed;
        ContentInfo contentInfo;
        RawSignedData raw;
        IReadOnlyList<CarriedCertificate> carried;
        try
        {
            contentInfo = BcInterop.ParseContentInfo(token);
            if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo.ContentType))
            {
                return Verdict.Failed(SubIndications.FormatFailure, "the token is not a SignedData");
            }

            parsed = new TimeStampToken(contentInfo);
            raw = RawSignedData.Read(token);
            carried = CarriedCertificate.From(raw);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"not a valid TimeStampToken: {e.Message}");
        }

        var signedData = SignedData.GetInstance(contentInfo.Content);
        var structure = SignedDataRules.Check(signedData);
        if (structure is not null)
        {
            return structure;
        }

        var signerInfo = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        if (!HashAlgorithms.TryFromOid(signerInfo.DigestAlgorithm.Algorithm.Id, out _))
        {
            return Verdict.Indeterminate(SubIndications.CryptoConstraintsFailure, "the token's SignerInfo uses a digest algorithm that is not accepted");
        }

        var tstInfo = parsed.TimeStampInfo;
        if (!HashAlgorithms.TryFromOid(tstInfo.MessageImprintAlgOid, out var imprintAlgorithm))
        {
            return Verdict.Indeterminate(SubIndications.CryptoConstraintsFailure, $"message imprint algorithm {HashAlgorithms.Describe(tstInfo.MessageImprintAlgOid)} is not accepted");
        }

        var expected = expectedImprint ?? HashAlgorithms.Hash(imprintAlgorithm, timeStampedData);
        if (!tstInfo.GetMessageImprintDigest().AsSpan().SequenceEqual(expected))
        {
            return Verdict.Failed(SubIndications.HashFailure, "message imprint does not match the time-stamped data");
        }

        var pool = carried.Count > 0 ? carried : fallbackCertificates;
        var tsa = pool.FirstOrDefault(c => parsed.SignerID.Match(c.Bc));
        if (tsa is null || !SignedDataRules.SignerIdentifierIsExact(signerInfo, tsa.DotNet))
        {
            return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "the TSA certificate is not in the token");
        }

        var eku = tsa.DotNet.Extensions["2.5.29.37"] as System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension;
        if (eku is null || !eku.Critical || eku.EnhancedKeyUsages.Count != 1 || eku.EnhancedKeyUsages[0].Value != TimeStamping)
        {
            return Verdict.Indeterminate(SubIndications.ChainConstraintsFailure, "the TSA certificate lacks the critical id-kp-timeStamping extended key usage (RFC 3161 §2.3)");
        }

        if (!EssBindingMatches(parsed.SignedAttributes, tsa.Raw))
        {
            return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "the token's signing-certificate attribute does not match the TSA certificate");
        }

        try
        {
            // Also checks the TSA certificate's validity at genTime and the signature value.
            parsed.Validate(tsa.Bc);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Verdict.Failed(SubIndications.SigCryptoFailure, $"token signature is not valid: {e.Message}");
        }

        outcome = new Outcome(TimeStampTokens.ToInfo(tstInfo), tsa, pool);
        return null;
    }

    /// <summary>
    /// The ESS signing-certificate(-v2) hash over the TSA certificate's original bytes. Version 1 (SHA-1) is
    /// accepted here because openssl ts and many TSAs still produce it; it only identifies the certificate.
    /// </summary>
    private static bool EssBindingMatches(Org.BouncyCastle.Asn1.Cms.AttributeTable signedAttributes, byte[] certificate)
    {
        if (SignedDataRules.SingleValue(signedAttributes, PkcsObjectIdentifiers.IdAASigningCertificateV2) is { } v2)
        {
            var certId = SigningCertificateV2.GetInstance(v2).GetCerts().FirstOrDefault();
            return certId is not null
                && HashAlgorithms.TryFromOid(certId.HashAlgorithm.Algorithm.Id, out var hash)
                && certId.GetCertHash().AsSpan().SequenceEqual(HashAlgorithms.Hash(hash, certificate));
        }

        if (SignedDataRules.SingleValue(signedAttributes, PkcsObjectIdentifiers.IdAASigningCertificate) is { } v1)
        {
            var certId = SigningCertificate.GetInstance(v1).GetCerts().FirstOrDefault();
            return certId is not null && certId.GetCertHash().AsSpan().SequenceEqual(SHA1.HashData(certificate));
        }

        return false;
    }
}
