using System.Formats.Asn1;

namespace Gateway.Crypto.Internal;

/// <summary>
/// The exact bytes of certificates and unsigned attribute values inside a ContentInfo(SignedData).
/// BouncyCastle re-encodes what it parses (a BOOLEAN 0xFE becomes 0xFF), so hashes and signatures over
/// certificates must be computed on these original bytes, or a changed byte would go unnoticed.
/// </summary>
internal sealed class RawSignedData
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private RawSignedData(List<byte[]> certificates, List<(string Type, byte[] Value)> unsignedAttributeValues)
    {
        Certificates = certificates;
        UnsignedAttributeValues = unsignedAttributeValues;
    }

    /// <summary>The certificates field, each element as encoded (other certificate formats included).</summary>
    public IReadOnlyList<byte[]> Certificates { get; }

    /// <summary>The first SignerInfo's unsigned attribute values, each as encoded.</summary>
    public IReadOnlyList<(string Type, byte[] Value)> UnsignedAttributeValues { get; }

    public static RawSignedData Read(ReadOnlyMemory<byte> contentInfo)
    {
        var outer = new AsnReader(contentInfo, AsnEncodingRules.BER).ReadSequence();
        outer.ReadObjectIdentifier();
        var signedData = outer.ReadSequence(Context0).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        signedData.ReadSequence();

        var certificates = new List<byte[]>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                certificates.Add(set.ReadEncodedValue().ToArray());
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            signedData.ReadEncodedValue();
        }

        var unsigned = new List<(string, byte[])>();
        var signerInfos = signedData.ReadSetOf();
        var signerInfo = signerInfos.ReadSequence();
        signerInfo.ReadInteger();
        signerInfo.ReadEncodedValue();
        signerInfo.ReadSequence();
        if (signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            signerInfo.ReadEncodedValue();
        }

        signerInfo.ReadSequence();
        signerInfo.ReadOctetString();
        if (signerInfo.HasData)
        {
            var attributes = signerInfo.ReadSetOf(Context1);
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var values = attribute.ReadSetOf();
                while (values.HasData)
                {
                    unsigned.Add((type, values.ReadEncodedValue().ToArray()));
                }
            }
        }

        return new RawSignedData(certificates, unsigned);
    }
}
