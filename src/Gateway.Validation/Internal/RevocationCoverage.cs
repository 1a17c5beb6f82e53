using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pkix;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;

namespace Gateway.Validation.Internal;

/// <summary>
/// Whether embedded validation data answers for a certificate: an OCSP response or CRL that its issuer (or the
/// issuer's delegated responder, found among the embedded certificates) signed and that names it. This is what the
/// LT levels require to be present; data nobody can authenticate (EU DSS's "orphan" data) does not count.
/// Freshness is Gateway.Pkix's business when it validates the chain. An index by serial number and issuer name
/// keeps the signature checks to the few answers that can be about the certificate.
/// </summary>
internal sealed class RevocationCoverage
{
    private readonly ValidationMaterial _material;
    private readonly List<(int Index, byte[] IssuerNameHash, string HashOid, Org.BouncyCastle.Math.BigInteger Serial)> _ocsp = [];
    private readonly List<(int Index, byte[] Issuer)> _crls = [];
    private readonly Dictionary<(string, string), bool> _answers = [];
    private readonly Dictionary<byte[], Dictionary<(string, string), bool>> _checked;

    /// <param name="checkedAnswers">Signature checks of answers already made for this document, by the answer's bytes (the same arrays come back in every revision's DSS).</param>
    public RevocationCoverage(ValidationMaterial material, Dictionary<byte[], Dictionary<(string, string), bool>>? checkedAnswers = null)
    {
        _material = material;
        _checked = checkedAnswers ?? new(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < material.OcspResponses.Count; i++)
        {
            try
            {
                foreach (var single in ReadBasic(material.OcspResponses[i]).TbsResponseData.Responses)
                {
                    var id = SingleResponse.GetInstance(single).CertId;
                    _ocsp.Add((i, id.IssuerNameHash.GetOctets(), id.HashAlgorithm.Algorithm.Id, id.SerialNumber.Value));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Unreadable: answers for nothing.
            }
        }

        for (var i = 0; i < material.Crls.Count; i++)
        {
            if (CrlIssuer(material.Crls[i]) is { } issuer) _crls.Add((i, issuer));
        }
    }

    public bool IsEmpty => _ocsp.Count == 0 && _crls.Count == 0;

    public bool Covers(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var key = (certificate.Thumbprint, issuer.Thumbprint);
        if (_answers.TryGetValue(key, out var known)) return known;
        var serial = new Org.BouncyCastle.Math.BigInteger(1, certificate.GetSerialNumber().Reverse().ToArray());
        var issuerName = certificate.IssuerName.RawData;
        var covered = _ocsp.Where(o => o.Serial.Equals(serial) && NameHashMatches(o.IssuerNameHash, o.HashOid, issuerName)).Select(o => o.Index).Distinct()
                .Any(i => Checked(_material.OcspResponses[i], key, () => EmbeddedRevocation.TryCheckOcsp(_material.OcspResponses[i], certificate, issuer, _material.Certificates, out _, out _)))
            || _crls.Where(c => c.Issuer.AsSpan().SequenceEqual(issuerName))
                .Any(c => Checked(_material.Crls[c.Index], key, () => EmbeddedRevocation.TryCheckCrl(_material.Crls[c.Index], certificate, issuer, out _, out _)));
        return _answers[key] = covered;
    }

    private bool Checked(byte[] answer, (string, string) key, Func<bool> check)
    {
        if (!_checked.TryGetValue(answer, out var results)) _checked[answer] = results = [];
        if (!results.TryGetValue(key, out var result)) results[key] = result = check();
        return result;
    }

    private static bool NameHashMatches(byte[] nameHash, string hashOid, byte[] issuerName) =>
        new SegmentedContent([issuerName]).Digest(hashOid) is { } expected && expected.AsSpan().SequenceEqual(nameHash);

    /// <summary>The issuer Name of a CRL exactly as encoded (a re-encoding could differ from the certificate's bytes).</summary>
    private static byte[]? CrlIssuer(byte[] crl)
    {
        try
        {
            var tbs = new AsnReader(crl, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger();
            tbs.ReadSequence();
            return tbs.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            return null;
        }
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
