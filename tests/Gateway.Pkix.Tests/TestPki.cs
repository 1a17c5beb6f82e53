using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcKeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Gateway.Pkix.Tests;

/// <summary>
/// Builds certificates with BouncyCastle so that tests can make what CertificateRequest will not (MD5 signatures,
/// version 1 certificates, wrong AKIs, unknown critical extensions, name constraints). Keys are ECDSA P-256 unless
/// the spec says otherwise; RSA keys come from <see cref="RsaKey"/>.
/// </summary>
internal static class TestPki
{
    /// <summary>The tests' "now": certificates are valid a year either side unless a test says otherwise.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    public const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";
    public const string ServerAuthEku = "1.3.6.1.5.5.7.3.1";
    public const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";

    private static readonly SecureRandom Random = new();
    private static long _serial = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static AsymmetricCipherKeyPair EcKey()
    {
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, Random));
        return generator.GenerateKeyPair();
    }

    /// <summary>Small keys from BouncyCastle (OpenSSL refuses some); 2048 and up from .NET, which is faster.</summary>
    public static AsymmetricCipherKeyPair RsaKey(int bits)
    {
        if (bits < 2048)
        {
            var generator = new RsaKeyPairGenerator();
            generator.Init(new RsaKeyGenerationParameters(BcBigInteger.ValueOf(65537), Random, bits, 40));
            return generator.GenerateKeyPair();
        }

        using var rsa = RSA.Create(bits);
        var priv = (RsaPrivateCrtKeyParameters)PrivateKeyFactory.CreateKey(rsa.ExportPkcs8PrivateKey());
        return new AsymmetricCipherKeyPair(new RsaKeyParameters(false, priv.Modulus, priv.PublicExponent), priv);
    }

    /// <summary>CAs live five years either side of <see cref="Now"/>, so that past validation tests can move the leaf alone.</summary>
    public static TestCert Root(string subject, Action<CertSpec>? configure = null) =>
        Issue(subject, null, s =>
        {
            s.Ca = true;
            s.NotBefore = Now.AddYears(-5);
            s.NotAfter = Now.AddYears(5);
            configure?.Invoke(s);
        });

    public static TestCert Ca(string subject, TestCert issuer, Action<CertSpec>? configure = null) =>
        Issue(subject, issuer, s =>
        {
            s.Ca = true;
            s.NotBefore = Now.AddYears(-5);
            s.NotAfter = Now.AddYears(5);
            configure?.Invoke(s);
        });

    public static TestCert Leaf(string subject, TestCert issuer, Action<CertSpec>? configure = null) =>
        Issue(subject, issuer, s =>
        {
            s.Ca = false;
            configure?.Invoke(s);
        });

    /// <param name="issuer">Null for a self-signed certificate.</param>
    public static TestCert Issue(string subject, TestCert? issuer, Action<CertSpec>? configure = null)
    {
        var spec = new CertSpec();
        configure?.Invoke(spec);
        var key = spec.Key ?? EcKey();
        // Written as people write names (CN first), encoded most significant first (C first), as CAs do.
        // Written as people write names (CN first), encoded most significant first (C first), as CAs do.
        var subjectName = new X509Name(true, subject);
        var issuerName = issuer?.SubjectName ?? subjectName;
        var signingKey = issuer?.Key ?? key;
        var algorithm = spec.SignatureAlgorithm
            ?? (signingKey.Private is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA");
        var factory = new Asn1SignatureFactory(algorithm, signingKey.Private);
        var algorithmId = (AlgorithmIdentifier)factory.AlgorithmDetails;
        var serial = DerInteger.ValueOf(Interlocked.Increment(ref _serial));
        var notBefore = new Time((spec.NotBefore ?? Now.AddYears(-1)).UtcDateTime);
        var notAfter = new Time((spec.NotAfter ?? Now.AddYears(1)).UtcDateTime);
        var publicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public);

        // Assembled from the TBS structure up rather than with X509V3CertificateGenerator, which parses its result
        // and so refuses to make the malformed certificates some tests need.
        TbsCertificateStructure tbs;
        if (spec.Version == 1)
        {
            var v1 = new V1TbsCertificateGenerator();
            v1.SetSerialNumber(serial);
            v1.SetIssuer(issuerName);
            v1.SetSubject(subjectName);
            v1.SetStartDate(notBefore);
            v1.SetEndDate(notAfter);
            v1.SetSubjectPublicKeyInfo(publicKey);
            v1.SetSignature(algorithmId);
            tbs = v1.GenerateTbsCertificate();
        }
        else
        {
            var v3 = new V3TbsCertificateGenerator();
            v3.SetSerialNumber(serial);
            v3.SetIssuer(issuerName);
            v3.SetSubject(subjectName);
            v3.SetStartDate(notBefore);
            v3.SetEndDate(notAfter);
            v3.SetSubjectPublicKeyInfo(publicKey);
            v3.SetSignature(algorithmId);
            var extensions = new X509ExtensionsGenerator();
            AddExtensions(extensions, spec, key, issuer);
            if (!extensions.IsEmpty)
            {
                v3.SetExtensions(extensions.Generate());
            }

            tbs = v3.GenerateTbsCertificate();
        }

        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream)
        {
            tbs.EncodeTo(stream, Asn1Encodable.Der);
        }

        var signature = calculator.GetResult().Collect();
        var structure = new X509CertificateStructure(tbs, algorithmId, new DerBitString(signature));
        return new TestCert(X509CertificateLoader.LoadCertificate(structure.GetEncoded(Asn1Encodable.Der)), structure, key);
    }

    private static void AddExtensions(X509ExtensionsGenerator generator, CertSpec spec, AsymmetricCipherKeyPair key, TestCert? issuer)
    {
        if (spec.Ca is { } ca)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true,
                ca && spec.PathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(ca));
        }

        var usage = spec.KeyUsage ?? (spec.Ca == true
            ? BcKeyUsage.KeyCertSign | BcKeyUsage.CrlSign
            : BcKeyUsage.DigitalSignature | BcKeyUsage.NonRepudiation);
        if (usage != 0)
        {
            generator.AddExtension(X509Extensions.KeyUsage, true, new BcKeyUsage(usage));
        }

        if (spec.Eku is { } eku)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, spec.EkuCritical,
                new DerSequence(eku.Select(o => (Asn1Encodable)new DerObjectIdentifier(o)).ToArray()));
        }

        if (spec.SubjectKeyId)
        {
            generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(key.Public));
        }

        if (spec.AuthorityKeyId && (issuer is not null || spec.AuthorityKeyIdOverride is not null))
        {
            var aki = spec.AuthorityKeyIdOverride is { } id
                ? new AuthorityKeyIdentifier(id)
                : X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer!.Key.Public);
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, aki);
        }

        var names = (spec.DnsNames ?? []).Select(d => new GeneralName(GeneralName.DnsName, d))
            .Concat((spec.Emails ?? []).Select(e => new GeneralName(GeneralName.Rfc822Name, e)))
            .ToArray();
        if (names.Length > 0)
        {
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));
        }

        if (spec.NameConstraints is { } constraints)
        {
            generator.AddExtension(X509Extensions.NameConstraints, true, constraints);
        }

        if (spec.OcspUrl is { } ocsp)
        {
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false,
                new AuthorityInformationAccess(new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, ocsp))));
        }

        if (spec.CrlUrl is { } crl)
        {
            var point = new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, crl))), null, null);
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([point]));
        }

        foreach (var (oid, critical, value) in spec.Extra)
        {
            generator.AddExtension(new DerObjectIdentifier(oid), critical, value);
        }
    }
}
