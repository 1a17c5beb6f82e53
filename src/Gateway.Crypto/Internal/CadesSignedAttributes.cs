using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Gateway.Crypto.Internal;

/// <summary>
/// CAdES-B-B signed attributes: content-type, message-digest, signing-certificate-v2 and nothing else.
/// BouncyCastle's default generator would add signing-time, which CAdES baseline leaves optional and
/// which we omit because the signature time-stamp is the trustworthy time.
/// </summary>
internal sealed class CadesSignedAttributes(Attribute signingCertificateV2) : CmsAttributeTableGenerator
{
    public AttributeTable GetAttributes(IDictionary<CmsAttributeTableParameter, object> parameters)
    {
        var contentType = (DerObjectIdentifier)parameters[CmsAttributeTableParameter.ContentType];
        var digest = (byte[])parameters[CmsAttributeTableParameter.Digest];
        var vector = new Asn1EncodableVector
        {
            new Attribute(CmsAttributes.ContentType, new DerSet(contentType)),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(digest))),
            signingCertificateV2,
        };
        return new AttributeTable(vector);
    }
}
