using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Pkix.Tests;

/// <summary>CRLs and OCSP responses made by the tests, with whatever times, signers and statuses a case needs.</summary>
internal static class TestRevocation
{
    public const string Sha1CertId = "1.3.14.3.2.26";
    public const string Sha256CertId = "2.16.840.1.101.3.4.2.1";

    public sealed record Entry(TestCert Certificate, DateTimeOffset? RevokedAt = null, int Reason = CrlReason.KeyCompromise, bool Unknown = false);

    /// <summary>A CRL issued by <paramref name="issuer"/> (signed by <paramref name="signer"/> when given: a wrong key).</summary>
    public static byte[] Crl(TestCert issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, IEnumerable<Entry>? revoked = null, TestCert? signer = null)
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.SubjectName);
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        if (nextUpdate is { } next)
        {
            generator.SetNextUpdate(next.UtcDateTime);
        }

        foreach (var entry in revoked ?? [])
        {
            generator.AddCrlEntry(entry.Certificate.Serial, entry.RevokedAt!.Value.UtcDateTime, entry.Reason);
        }

        var key = (signer ?? issuer).Key;
        return generator.Generate(new Asn1SignatureFactory((signer ?? issuer).SigningAlgorithm, key.Private)).GetEncoded();
    }

    /// <summary>A fresh CRL revoking nothing: thisUpdate an hour before <see cref="TestPki.Now"/>, nextUpdate a week later.</summary>
    public static byte[] GoodCrl(TestCert issuer) => Crl(issuer, TestPki.Now.AddHours(-1), TestPki.Now.AddDays(7));

    /// <summary>An OCSPResponse (or a bare BasicOCSPResponse) about <paramref name="entries"/> of <paramref name="issuer"/>, signed by <paramref name="signer"/>.</summary>
    public static byte[] Ocsp(
        TestCert issuer,
        TestCert signer,
        IEnumerable<Entry> entries,
        DateTimeOffset thisUpdate,
        DateTimeOffset? nextUpdate,
        DateTimeOffset? producedAt = null,
        bool includeSigner = true,
        bool bare = false,
        string certIdHash = Sha1CertId)
    {
        var generator = new BasicOcspRespGenerator(signer.Key.Public);
        foreach (var entry in entries)
        {
            var id = new CertificateID(new AlgorithmIdentifier(new DerObjectIdentifier(certIdHash), DerNull.Instance), issuer.Bc, entry.Certificate.Serial);
            CertificateStatus? status = entry.Unknown ? new UnknownStatus()
                : entry.RevokedAt is { } at ? new RevokedStatus(at.UtcDateTime, entry.Reason)
                : CertificateStatus.Good;
            generator.AddResponse(id, status, thisUpdate.UtcDateTime, nextUpdate?.UtcDateTime, null);
        }

        BcCertificate[] chain = includeSigner ? [signer.Bc] : [];
        var basic = generator.Generate(new Asn1SignatureFactory(signer.SigningAlgorithm, signer.Key.Private), chain, (producedAt ?? thisUpdate).UtcDateTime);
        return bare ? basic.GetEncoded() : new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded();
    }
}
