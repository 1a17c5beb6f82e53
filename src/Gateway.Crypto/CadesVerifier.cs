using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;

namespace Gateway.Crypto;

/// <summary>
/// Validates CAdES-B-B and CAdES-B-T signatures (one SignerInfo) following the building blocks of
/// ETSI EN 319 102-1. Revocation is not checked yet.
/// </summary>
public static class CadesVerifier
{
    private const string RevocationNote = "revocation not checked (not implemented yet)";

    /// <summary>
    /// Never throws on malformed input: it returns TotalFailed / FORMAT_FAILURE. <paramref name="validationTime"/>
    /// defaults to now; a valid signature time-stamp replaces it for the signer's chain (past validation).
    /// </summary>
    public static CadesVerificationResult Verify(ReadOnlySpan<byte> cms, TrustStore trust, ReadOnlyMemory<byte>? detachedContent = null, bool requireTimeStamp = false, DateTimeOffset? validationTime = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var state = new State();
        try
        {
            var verdict = VerifyCore(cms.ToArray(), trust, detachedContent, requireTimeStamp, validationTime ?? DateTimeOffset.UtcNow, state);
            return verdict is null ? state.Passed() : state.Result(verdict);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return state.Result(Verdict.Failed(SubIndications.FormatFailure, $"malformed CMS: {e.Message}"));
        }
    }

    private static Verdict? VerifyCore(byte[] bytes, TrustStore trust, ReadOnlyMemory<byte>? detachedContent, bool requireTimeStamp, DateTimeOffset validationTime, State state)
    {
        // BouncyCastle ignores bytes after the ContentInfo; a signature file must be exactly one value.
        var reader = new AsnReader(bytes, AsnEncodingRules.BER);
        reader.ReadEncodedValue();
        if (reader.HasData)
        {
            return Verdict.Failed(SubIndications.FormatFailure, "data after the end of the ContentInfo");
        }

        var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(bytes));
        if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo.ContentType))
        {
            return Verdict.Failed(SubIndications.FormatFailure, $"ContentInfo type {contentInfo.ContentType} is not id-signedData");
        }

        var signedData = SignedData.GetInstance(contentInfo.Content);
        var structure = SignedDataRules.Check(signedData);
        if (structure is not null)
        {
            return structure;
        }

        var raw = RawSignedData.Read(bytes);
        var certificates = CarriedCertificate.From(raw);
        state.Checks.Add("SignedData structure (one SignerInfo)");

        var encapsulated = (signedData.EncapContentInfo.Content as Asn1OctetString)?.GetOctets();
        state.Content = encapsulated;
        byte[] content;
        if (encapsulated is not null)
        {
            // An empty detachedContent is treated as absent: a null byte[] converts to an empty ReadOnlyMemory.
            if (detachedContent is { IsEmpty: false } detached && !detached.Span.SequenceEqual(encapsulated))
            {
                return Verdict.Failed(SubIndications.HashFailure, "the detached content differs from the encapsulated content");
            }

            content = encapsulated;
        }
        else if (detachedContent is { } detached)
        {
            content = detached.ToArray();
        }
        else
        {
            return Verdict.Indeterminate(SubIndications.SignedDataNotFound, "the signature is detached and no content was given");
        }

        var cmsSignedData = encapsulated is not null
            ? new CmsSignedData(contentInfo)
            : new CmsSignedData(new CmsProcessableByteArray(content), contentInfo);
        var signer = cmsSignedData.GetSignerInfos().GetSigners().Single();
        var signedAttributes = signer.SignedAttributes;

        var digestOid = signer.DigestAlgorithmID.Algorithm.Id;
        if (!HashAlgorithms.TryFromOid(digestOid, out var digestAlgorithm))
        {
            return Verdict.Indeterminate(SubIndications.CryptoConstraintsFailure, $"digest algorithm {HashAlgorithms.Describe(digestOid)} is refused by policy");
        }

        state.Checks.Add($"digest algorithm {HashAlgorithms.Describe(digestOid)}");

        var contentType = SignedDataRules.SingleValue(signedAttributes, CmsAttributes.ContentType);
        if (contentType is not DerObjectIdentifier contentTypeOid || !contentTypeOid.Equals(signedData.EncapContentInfo.ContentType))
        {
            return Verdict.Failed(SubIndications.FormatFailure, "content-type signed attribute is missing, repeated or does not match the encapsulated content type");
        }

        if (SignedDataRules.SingleValue(signedAttributes, CmsAttributes.MessageDigest) is not Asn1OctetString messageDigest)
        {
            return Verdict.Failed(SubIndications.FormatFailure, "message-digest signed attribute is missing or repeated");
        }

        if (!messageDigest.GetOctets().AsSpan().SequenceEqual(HashAlgorithms.Hash(digestAlgorithm, content)))
        {
            return Verdict.Failed(SubIndications.HashFailure, "message-digest does not match the content");
        }

        state.Checks.Add("message-digest");

        var signerCertificate = certificates.FirstOrDefault(c => signer.SignerID.Match(c.Bc));
        if (signerCertificate is null || !SignedDataRules.SignerIdentifierIsExact(signer.SignerInfo, signerCertificate.DotNet))
        {
            return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "the signer's certificate is not in the SignedData");
        }

        state.SignerCertificate = signerCertificate.DotNet;

        bool signatureValid;
        try
        {
            // The public-key overload: the certificate overload would also judge validity against signing-time.
            signatureValid = signer.Verify(signerCertificate.Bc.GetPublicKey());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Verdict.Failed(SubIndications.SigCryptoFailure, $"signature value cannot be verified: {e.Message}");
        }

        if (!signatureValid)
        {
            return Verdict.Failed(SubIndications.SigCryptoFailure, "signature value is not valid");
        }

        state.Checks.Add("signature value");

        var signingCertificate = CheckSigningCertificateV2(signedAttributes, signerCertificate);
        if (signingCertificate is not null)
        {
            return signingCertificate;
        }

        state.Checks.Add("signing-certificate-v2");

        // Time-stamps: the earliest valid genTime is the proof of existence used for the signer's chain.
        DateTimeOffset? proofOfExistence = null;
        var signatureValue = signer.GetSignature();
        foreach (var (_, token) in raw.UnsignedAttributeValues.Where(a => a.Type == PkcsObjectIdentifiers.IdAASignatureTimeStampToken.Id))
        {
            var failure = TimeStampTokenValidator.Check(token, signatureValue, null, certificates, out var outcome);
            if (failure is not null)
            {
                return failure.Prefixed("signature time-stamp: ");
            }

            var tsaCertificate = outcome!.TsaCertificate.DotNet;
            var chain = ChainValidator.Validate(tsaCertificate, outcome.ChainCertificates.Select(c => c.DotNet), trust, validationTime);
            if (chain is not null)
            {
                return chain.Prefixed("signature time-stamp: ");
            }

            if (proofOfExistence is null || outcome.Info.GenTime < proofOfExistence)
            {
                proofOfExistence = outcome.Info.GenTime;
                state.SignatureTimeStamp = outcome.Info;
                state.TimeStampAuthorityCertificate = tsaCertificate;
            }
        }

        if (proofOfExistence is not null)
        {
            state.Checks.Add($"signature time-stamp (genTime {proofOfExistence:O}, TSA chain to trust anchor, {RevocationNote})");
        }
        else if (requireTimeStamp)
        {
            return Verdict.Indeterminate(SubIndications.SigConstraintsFailure, "a signature time-stamp is required (CAdES-B-T) but absent");
        }

        var signerTime = proofOfExistence ?? validationTime;
        var signerChain = ChainValidator.Validate(state.SignerCertificate, certificates.Select(c => c.DotNet), trust, signerTime);
        if (signerChain is not null)
        {
            return signerChain;
        }

        state.Checks.Add($"certificate chain to trust anchor at {signerTime:O} ({RevocationNote})");

        var keyUsage = state.SignerCertificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && (keyUsage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
        {
            return Verdict.Indeterminate(SubIndications.ChainConstraintsFailure, "the signer's key usage allows neither digitalSignature nor nonRepudiation");
        }

        state.Checks.Add("key usage");
        return null;
    }

    private static Verdict? CheckSigningCertificateV2(Org.BouncyCastle.Asn1.Cms.AttributeTable signedAttributes, CarriedCertificate signerCertificate)
    {
        if (SignedDataRules.SingleValue(signedAttributes, PkcsObjectIdentifiers.IdAASigningCertificateV2) is not { } value)
        {
            return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "signing-certificate-v2 signed attribute is missing or repeated");
        }

        var certIds = SigningCertificateV2.GetInstance(value).GetCerts();
        if (certIds.Length == 0)
        {
            return Verdict.Failed(SubIndications.FormatFailure, "signing-certificate-v2 holds no ESSCertIDv2");
        }

        // RFC 5035 §3: the first ESSCertIDv2 identifies the signer's certificate.
        var certId = certIds[0];
        var hashOid = certId.HashAlgorithm.Algorithm.Id;
        if (!HashAlgorithms.TryFromOid(hashOid, out var hashAlgorithm))
        {
            return Verdict.Indeterminate(SubIndications.CryptoConstraintsFailure, $"signing-certificate-v2 uses {HashAlgorithms.Describe(hashOid)}, refused by policy");
        }

        if (!certId.GetCertHash().AsSpan().SequenceEqual(HashAlgorithms.Hash(hashAlgorithm, signerCertificate.Raw)))
        {
            return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "signing-certificate-v2 does not match the signer's certificate");
        }

        if (certId.IssuerSerial is { } issuerSerial)
        {
            var issuerMatches = issuerSerial.Issuer.GetNames().Any(n => n.TagNo == GeneralName.DirectoryName && X509Name.GetInstance(n.Name).Equivalent(signerCertificate.Bc.IssuerDN));
            if (!issuerMatches || !issuerSerial.Serial.Value.Equals(signerCertificate.Bc.SerialNumber))
            {
                return Verdict.Indeterminate(SubIndications.NoSigningCertificateFound, "signing-certificate-v2 issuerSerial does not match the signer's certificate");
            }
        }

        return null;
    }

    private sealed class State
    {
        public List<string> Checks { get; } = [];

        public byte[]? Content { get; set; }

        public X509Certificate2? SignerCertificate { get; set; }

        public TimeStampTokenInfo? SignatureTimeStamp { get; set; }

        public X509Certificate2? TimeStampAuthorityCertificate { get; set; }

        public CadesVerificationResult Passed() => Build(Indication.TotalPassed, null, []);

        public CadesVerificationResult Result(Verdict verdict) => Build(verdict.Indication, verdict.SubIndication, [verdict.Error]);

        private CadesVerificationResult Build(Indication indication, string? subIndication, IReadOnlyList<string> errors) => new()
        {
            Indication = indication,
            SubIndication = subIndication,
            Errors = errors,
            Checks = Checks.ToList(),
            Content = Content,
            SignerCertificate = SignerCertificate,
            SignatureTimeStamp = SignatureTimeStamp,
            TimeStampAuthorityCertificate = TimeStampAuthorityCertificate,
        };
    }
}
