using Gateway.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;

namespace Gateway.Evidence.Internal;

/// <summary>Reads a receipt's CMS without judging it: for parsed fields, never for verdicts.</summary>
internal static class ReceiptCms
{
    public static (byte[]? Content, DateTimeOffset? TimeStampTime) Read(byte[] der)
    {
        try
        {
            var cms = new CmsSignedData(der);
            var signedData = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(cms.ContentInfo.Content);
            var content = (signedData.EncapContentInfo.Content as Asn1OctetString)?.GetOctets();
            return (content, ReadTimeStampTime(cms));
        }
        catch (Exception e) when (e is CmsException or IOException or ArgumentException or InvalidCastException or Asn1Exception or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static DateTimeOffset? ReadTimeStampTime(CmsSignedData cms)
    {
        foreach (var signer in cms.GetSignerInfos().GetSigners())
        {
            var attribute = signer.UnsignedAttributes?[PkcsObjectIdentifiers.IdAASignatureTimeStampToken];
            if (attribute is null || attribute.AttrValues.Count == 0) continue;
            try
            {
                return TimeStampTokens.Parse(attribute.AttrValues[0].ToAsn1Object().GetEncoded(Asn1Encodable.Der)).GenTime;
            }
            catch (CryptoFormatException)
            {
            }
        }
        return null;
    }
}
