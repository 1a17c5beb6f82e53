using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Pkix;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;

namespace Gateway.Validation.Internal;

/// <summary>
/// Checks the cryptography of a CMS SignedData signature over given content (ETSI EN 319 102-1 §5.2.7
/// "cryptographic verification"): message digest, signature value, the signing-certificate binding. Lenient
/// in form (real signers produce BER, several SignerInfos, no signed attributes) but never about the bytes:
/// signed attributes are verified as DER, as RFC 5652 §5.4 requires.
/// </summary>
internal static class CmsInspector
{
    private const string AdobeRevocationInfoArchival = "1.2.840.113583.1.1.8";
    private const string CertValues = "1.2.840.113549.1.9.16.2.23";
    private const string RevocationValues = "1.2.840.113549.1.9.16.2.24";
    private const string SignaturePolicyIdentifier = "1.2.840.113549.1.9.16.2.15";
    private const string Sha1 = "1.3.14.3.2.26";

    /// <param name="content">The signed bytes; for adbe.pkcs7.sha1, the bytes whose SHA-1 is the encapsulated content.</param>
    public static CmsFacts Inspect(byte[] cms, SegmentedContent content, bool contentIsSha1Encapsulated = false)
    {
        var facts = new CmsFacts();
        CmsSignedData signedData;
        SignerInformation signer;
        try
        {
            // PDF /Contents is zero-padded after the DER value: read exactly one value.
            var length = new AsnReader(cms, AsnEncodingRules.BER).ReadEncodedValue().Length;
            var contentInfo = ContentInfo.GetInstance(Asn1Object.FromByteArray(cms.AsSpan(0, length).ToArray()));
            if (!CmsObjectIdentifiers.SignedData.Equals(contentInfo.ContentType))
            {
                facts.Unreadable = $"the CMS content type is {contentInfo.ContentType}, not signedData";
                return facts;
            }

            signedData = new CmsSignedData(contentInfo);
            var signers = signedData.GetSignerInfos().GetSigners();
            facts.SignerInfoCount = signers.Count;
            if (signers.Count == 0)
            {
                facts.Unreadable = "the SignedData has no SignerInfo";
                return facts;
            }

            signer = signers.First();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            facts.Unreadable = $"not a CMS SignedData: {e.Message}";
            return facts;
        }

        try
        {
            Check(facts, signedData, signer, content, contentIsSha1Encapsulated);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            facts.IntegrityFailure ??= "FORMAT_FAILURE";
            facts.IntegrityError ??= $"malformed SignedData: {e.Message}";
        }

        return facts;
    }

    private static void Check(CmsFacts facts, CmsSignedData signedData, SignerInformation signer, SegmentedContent content, bool sha1Encapsulated)
    {
        if (facts.SignerInfoCount > 1)
        {
            facts.Warnings.Add($"the SignedData has {facts.SignerInfoCount} SignerInfos; only the first is validated");
        }

        facts.DigestOid = signer.DigestAlgorithmID.Algorithm.Id;
        facts.SignatureOid = signer.SignatureAlgorithm.Algorithm.Id;
        facts.SignatureValue = signer.GetSignature();
        facts.HasSignedAttributes = signer.SignedAttributes is not null;

        var certificates = ReadCertificates(signedData);
        // Several certificates may match the SignerIdentifier (same issuer and serial, different keys): the one
        // whose key verifies the signature is the signer's, and the signing-certificate attribute must name it.
        var candidates = certificates.Where(c => signer.SignerID.Match(c.Bc)).Take(8).ToList();
        var signerCertificate = candidates.FirstOrDefault();
        facts.SignerCertificate = signerCertificate.DotNet;
        ReadAttributes(facts, signer, certificates.Select(c => c.DotNet).ToList(), signerCertificate.Raw);

        if (!Algorithms.DigestAgrees(facts.SignatureOid, facts.DigestOid))
        {
            Fail(facts, "FORMAT_FAILURE", $"the signature algorithm {Algorithms.DescribeSignature(facts.SignatureOid)} does not agree with the digest algorithm {Algorithms.DescribeDigest(facts.DigestOid)}");
            return;
        }

        // What the SignerInfo's digest is computed over: the encapsulated content if any, else the given content.
        var encapsulated = (SignedData.GetInstance(signedData.ContentInfo.Content).EncapContentInfo.Content as Asn1OctetString)?.GetOctets();
        byte[]? digest;
        if (encapsulated is not null)
        {
            if (sha1Encapsulated)
            {
                if (!encapsulated.AsSpan().SequenceEqual(content.Digest(Sha1) ?? []))
                {
                    Fail(facts, "HASH_FAILURE", "the encapsulated SHA-1 digest (adbe.pkcs7.sha1) does not match the signed byte ranges");
                    return;
                }
            }
            else if (content.Length > 0)
            {
                Fail(facts, "FORMAT_FAILURE", "a detached signature was expected but the SignedData encapsulates content");
                return;
            }

            digest = new SegmentedContent([encapsulated]).Digest(facts.DigestOid);
        }
        else
        {
            digest = content.Digest(facts.DigestOid);
        }

        if (digest is null)
        {
            Fail(facts, "FORMAT_FAILURE", $"unknown digest algorithm {facts.DigestOid}");
            return;
        }

        if (signerCertificate.Bc is null)
        {
            Fail(facts, "NO_SIGNING_CERTIFICATE_FOUND", "the signer's certificate is not in the SignedData");
            return;
        }

        if (facts.HasSignedAttributes)
        {
            var messageDigest = signer.SignedAttributes![CmsAttributes.MessageDigest]?.AttrValues;
            if (messageDigest is not { Count: 1 } || messageDigest[0] is not Asn1OctetString expected)
            {
                Fail(facts, "FORMAT_FAILURE", "the message-digest signed attribute is missing or repeated");
                return;
            }

            if (!expected.GetOctets().AsSpan().SequenceEqual(digest))
            {
                Fail(facts, "HASH_FAILURE", "the message-digest signed attribute does not match the signed data");
                return;
            }
        }

        var signedBytesHash = facts.HasSignedAttributes ? new SegmentedContent([signer.GetEncodedSignedAttributes()]).Digest(facts.DigestOid)! : digest;
        var valid = false;
        foreach (var candidate in candidates)
        {
            try
            {
                valid = Crypto.PlatformSignatures.TryVerifyHash(candidate.DotNet.PublicKey.ExportSubjectPublicKeyInfo(), facts.SignatureOid, facts.DigestOid, signedBytesHash, facts.SignatureValue)
                    // The precomputed digest spares BouncyCastle hashing the content again (its managed SHA-256 is slow).
                    ?? new CmsSignedData(new Dictionary<string, byte[]> { [facts.DigestOid] = digest }, signedData.ContentInfo.GetEncoded())
                        .GetSignerInfos().GetSigners().First().Verify(candidate.Bc.GetPublicKey());
            }
            catch (Exception e) when (e is CmsException or SecurityUtilityException or InvalidOperationException or ArgumentException or Org.BouncyCastle.Crypto.CryptoException)
            {
                Fail(facts, "SIG_CRYPTO_FAILURE", $"the signature value cannot be verified: {e.Message}");
                return;
            }

            if (valid && candidate.Raw != signerCertificate.Raw)
            {
                facts.SignerCertificate = candidate.DotNet;
                facts.Warnings.Add("several certificates match the signer identifier; the one whose key verifies the signature was taken");
                if (signer.SignedAttributes is { } attributes) CheckSigningCertificate(facts, attributes, candidate.Raw);
            }

            if (valid) break;
        }

        if (!valid)
        {
            Fail(facts, "SIG_CRYPTO_FAILURE", "the signature value does not verify with the signer's public key");
            return;
        }

        if (facts.SigningCertificateMismatch)
        {
            Fail(facts, "NO_SIGNING_CERTIFICATE_FOUND", "the signing-certificate attribute names another certificate than the signer's");
        }
    }

    private static void Fail(CmsFacts facts, string subIndication, string error)
    {
        facts.IntegrityFailure = subIndication;
        facts.IntegrityError = error;
    }

    private static List<(byte[] Raw, BcCertificate Bc, X509Certificate2 DotNet)> ReadCertificates(CmsSignedData signedData)
    {
        var list = new List<(byte[], BcCertificate, X509Certificate2)>();
        var set = SignedData.GetInstance(signedData.ContentInfo.Content).Certificates;
        if (set is null) return list;
        foreach (var element in set)
        {
            if (element is not Asn1Sequence) continue; // attribute or other certificate formats
            try
            {
                var raw = element.GetEncoded(Asn1Encodable.Der);
                list.Add((raw, new BcCertificate(raw), X509CertificateLoader.LoadCertificate(raw)));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An unreadable extra certificate is not the signer's; ignore it.
            }
        }

        return list;
    }

    private static void ReadAttributes(CmsFacts facts, SignerInformation signer, List<X509Certificate2> certificates, byte[]? signerCertificate)
    {
        var ocsps = new List<byte[]>();
        var crls = new List<byte[]>();
        var extraCertificates = new List<X509Certificate2>();
        var signed = signer.SignedAttributes;
        if (signed is not null)
        {
            facts.HasContentType = signed[CmsAttributes.ContentType] is not null;
            facts.HasSignaturePolicy = signed[new DerObjectIdentifier(SignaturePolicyIdentifier)] is not null;
            if (signed[CmsAttributes.SigningTime]?.AttrValues is { Count: > 0 } time)
            {
                try
                {
                    facts.SigningTimeAttribute = new DateTimeOffset(Time.GetInstance(time[0]).ToDateTime().ToUniversalTime(), TimeSpan.Zero);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    facts.Warnings.Add("the signing-time attribute is malformed");
                }
            }

            CheckSigningCertificate(facts, signed, signerCertificate);
            if (signed[new DerObjectIdentifier(AdobeRevocationInfoArchival)]?.AttrValues is { Count: > 0 } archival)
            {
                ReadAdobeArchival(archival[0], ocsps, crls);
            }
        }

        var tokens = new List<byte[]>();
        var unsigned = signer.UnsignedAttributes;
        if (unsigned is not null)
        {
            foreach (var attribute in unsigned.GetAll(PkcsObjectIdentifiers.IdAASignatureTimeStampToken))
            {
                foreach (var value in ((Org.BouncyCastle.Asn1.Cms.Attribute)attribute).AttrValues)
                {
                    tokens.Add(value.ToAsn1Object().GetEncoded(Asn1Encodable.Der));
                }
            }

            foreach (var attribute in unsigned.GetAll(new DerObjectIdentifier(CertValues)))
            {
                foreach (var value in ((Org.BouncyCastle.Asn1.Cms.Attribute)attribute).AttrValues)
                {
                    foreach (var certificate in Asn1Sequence.GetInstance(value))
                    {
                        TryAdd(extraCertificates, certificate);
                    }
                }
            }

            foreach (var attribute in unsigned.GetAll(new DerObjectIdentifier(RevocationValues)))
            {
                foreach (var value in ((Org.BouncyCastle.Asn1.Cms.Attribute)attribute).AttrValues)
                {
                    ReadRevocationValues(value, ocsps, crls);
                }
            }
        }

        facts.SignatureTimeStampTokens = tokens;
        facts.Material = new ValidationMaterial { Certificates = [.. certificates, .. extraCertificates], OcspResponses = ocsps, Crls = crls };
    }

    private static void CheckSigningCertificate(CmsFacts facts, Org.BouncyCastle.Asn1.Cms.AttributeTable signed, byte[]? signerCertificate)
    {
        if (signed[PkcsObjectIdentifiers.IdAASigningCertificateV2]?.AttrValues is { Count: > 0 } v2)
        {
            var id = SigningCertificateV2.GetInstance(v2[0]).GetCerts().FirstOrDefault();
            if (id is null || signerCertificate is null) return;
            var hash = new SegmentedContent([signerCertificate]).Digest(id.HashAlgorithm.Algorithm.Id);
            Bind(facts, hash is not null && hash.AsSpan().SequenceEqual(id.GetCertHash()));
        }
        else if (signed[PkcsObjectIdentifiers.IdAASigningCertificate]?.AttrValues is { Count: > 0 } v1)
        {
            var id = SigningCertificate.GetInstance(v1[0]).GetCerts().FirstOrDefault();
            if (id is null || signerCertificate is null) return;
            Bind(facts, new SegmentedContent([signerCertificate]).Digest(Sha1)!.AsSpan().SequenceEqual(id.GetCertHash()));
        }
    }

    private static void Bind(CmsFacts facts, bool matches)
    {
        facts.SigningCertificateReference = matches;
        facts.SigningCertificateMismatch = !matches;
    }

    // Adobe's RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs OPTIONAL,
    //   ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... } (ISO 32000-1 §12.8.3.3.2).
    private static void ReadAdobeArchival(Asn1Encodable value, List<byte[]> ocsps, List<byte[]> crls)
    {
        foreach (var element in Asn1Sequence.GetInstance(value))
        {
            if (element is not Asn1TaggedObject tagged) continue;
            var list = tagged.TagNo switch { 0 => crls, 1 => ocsps, _ => null };
            if (list is null) continue;
            foreach (var item in Asn1Sequence.GetInstance(tagged.GetExplicitBaseObject()))
            {
                list.Add(item.ToAsn1Object().GetEncoded(Asn1Encodable.Der));
            }
        }
    }

    // RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
    //   ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL, otherRevVals [2] ... } (ETSI EN 319 122-1 §5.5.2).
    private static void ReadRevocationValues(Asn1Encodable value, List<byte[]> ocsps, List<byte[]> crls) => ReadAdobeArchival(value, ocsps, crls);

    private static void TryAdd(List<X509Certificate2> certificates, Asn1Encodable certificate)
    {
        try
        {
            certificates.Add(X509CertificateLoader.LoadCertificate(certificate.ToAsn1Object().GetEncoded(Asn1Encodable.Der)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a certificate we can read; it cannot help a chain.
        }
    }
}
