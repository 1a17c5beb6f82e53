using System.Security.Cryptography.X509Certificates;
using Gateway.Pkix;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.X509;

namespace Gateway.Validation.Internal;

/// <summary>
/// Whether embedded validation data speaks about a certificate at all (an OCSP SingleResponse for its serial
/// under its issuer's name, or a CRL from its issuer): what the LT levels require to be present. Whether that
/// data is authentic and fresh is Gateway.Pkix's business when it validates the chain.
/// </summary>
internal sealed class RevocationCoverage
{
    private readonly List<(byte[] IssuerNameHash, string HashOid, Org.BouncyCastle.Math.BigInteger Serial)> _ocsp = [];
    private readonly List<byte[]> _crlIssuers = [];

    public RevocationCoverage(ValidationMaterial material)
    {
        foreach (var bytes in material.OcspResponses)
        {
            try
            {
                var basic = ReadBasic(bytes);
                foreach (var single in basic.TbsResponseData.Responses)
                {
                    var id = SingleResponse.GetInstance(single).CertId;
                    _ocsp.Add((id.IssuerNameHash.GetOctets(), id.HashAlgorithm.Algorithm.Id, id.SerialNumber.Value));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unreadable: covers nothing.
            }
        }

        foreach (var bytes in material.Crls)
        {
            try
            {
                _crlIssuers.Add(new X509Crl(bytes).IssuerDN.GetEncoded(Asn1Encodable.Der));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unreadable: covers nothing.
            }
        }
    }

    public bool IsEmpty => _ocsp.Count == 0 && _crlIssuers.Count == 0;

    public bool Covers(X509Certificate2 certificate)
    {
        var issuer = certificate.IssuerName.RawData;
        if (_crlIssuers.Any(c => c.AsSpan().SequenceEqual(issuer))) return true;
        var serial = new Org.BouncyCastle.Math.BigInteger(1, certificate.GetSerialNumber().Reverse().ToArray());
        foreach (var (nameHash, hashOid, ocspSerial) in _ocsp)
        {
            if (!ocspSerial.Equals(serial)) continue;
            var expected = new SegmentedContent([issuer]).Digest(hashOid);
            if (expected is not null && expected.AsSpan().SequenceEqual(nameHash)) return true;
        }

        return false;
    }

    private static BasicOcspResponse ReadBasic(byte[] bytes)
    {
        var sequence = Asn1Sequence.GetInstance(bytes);
        // An OCSPResponse starts with an ENUMERATED status; a bare BasicOCSPResponse with tbsResponseData.
        if (sequence[0] is DerEnumerated)
        {
            var response = OcspResponse.GetInstance(sequence);
            return BasicOcspResponse.GetInstance(Asn1OctetString.GetInstance(response.ResponseBytes.Response).GetOctets());
        }

        return BasicOcspResponse.GetInstance(sequence);
    }
}
