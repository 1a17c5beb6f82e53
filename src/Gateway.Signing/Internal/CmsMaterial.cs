using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;

namespace Gateway.Signing.Internal;

/// <summary>
/// What a signature's CMS carries that a validator will need: its certificates, the signer's, and
/// those inside its signature time-stamp (or, for a document time-stamp, the token's own).
/// </summary>
internal static class CmsMaterial
{
    public sealed record Contents(byte[] Der, X509Certificate2? Signer, IReadOnlyList<X509Certificate2> Certificates);

    /// <summary>The DER CMS without the placeholder's zero padding.</summary>
    public static byte[] TrimDer(byte[] contents)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.BER, out _, out _, out var consumed);
            return contents[..consumed];
        }
        catch (AsnContentException)
        {
            return contents;
        }
    }

    public static Contents Read(byte[] contents)
    {
        var der = TrimDer(contents);
        var certificates = new List<X509Certificate2>();
        X509Certificate2? signer = null;
        var cms = new CmsSignedData(der);
        Collect(cms, certificates);
        foreach (var info in cms.GetSignerInfos().GetSigners())
        {
            signer ??= certificates.FirstOrDefault(c => info.SignerID.Match(new Org.BouncyCastle.X509.X509Certificate(c.RawData)));
            var token = info.UnsignedAttributes?[PkcsObjectIdentifiers.IdAASignatureTimeStampToken];
            if (token is null) continue;
            foreach (Asn1Encodable value in token.AttrValues)
                Collect(new CmsSignedData(value.ToAsn1Object().GetEncoded(Asn1Encodable.Der)), certificates);
        }
        return new Contents(der, signer, certificates);
    }

    private static void Collect(CmsSignedData cms, List<X509Certificate2> into)
    {
        foreach (var certificate in cms.GetCertificates().EnumerateMatches(null))
        {
            var x509 = X509CertificateLoader.LoadCertificate(certificate.GetEncoded());
            if (!into.Any(c => c.RawData.AsSpan().SequenceEqual(x509.RawData))) into.Add(x509);
        }
    }
}
