using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.X509;

namespace Gateway.Pkix.Tests;

/// <summary>Certificates that load as X509Certificate2 but are broken inside: validation answers, never throws.</summary>
public sealed class MalformedInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Chain3 Pki = Chain3.Make(name: "Malformed");

    private static CertificateValidator Validator => Check.Validator(Pki.Root, Check.Offline);

    private static ValidationMaterial Material => Pki.CertificatesOnly();

    [Fact]
    public async Task A_leaf_with_a_damaged_signature_has_no_chain()
    {
        var der = Pki.Leaf.Certificate.RawData.ToArray();
        der[^3] ^= 0x5A;
        var damaged = X509CertificateLoader.LoadCertificate(der);
        var result = await Validator.ValidateAsync(damaged, CertificatePurpose.Signer, Material, TestPki.Now);
        Check.Indeterminate(result, SubIndications.NoCertificateChainFound);
        Assert.Same(damaged, result.Chain[0].Certificate);
    }

    [Theory]
    [InlineData("2.5.29.15", true, SubIndications.CertificateChainGeneralFailure)] // keyUsage: BouncyCastle will not read the certificate
    [InlineData("2.5.29.19", true, SubIndications.CertificateChainGeneralFailure)] // basicConstraints: likewise
    [InlineData("2.5.29.37", false, SubIndications.ChainConstraintsFailure)] // extKeyUsage
    [InlineData("2.5.29.17", false, null)] // subjectAltName: only read under name constraints
    [InlineData("2.5.29.35", false, null)] // authorityKeyIdentifier: the issuer is then found by name and signature
    [InlineData("2.5.29.14", false, null)] // subjectKeyIdentifier
    [InlineData("1.3.6.1.5.5.7.1.1", false, null)] // authorityInfoAccess: only read when fetching
    [InlineData("2.5.29.31", false, null)] // cRLDistributionPoints: likewise
    public async Task A_leaf_with_a_malformed_extension_gets_an_answer(string oid, bool critical, string? asSigner)
    {
        var leaf = TestPki.Leaf("CN=Odd Leaf", Pki.Ca, s =>
        {
            s.KeyUsage = oid == "2.5.29.15" ? 0 : null;
            s.Ca = oid == "2.5.29.19" ? null : false;
            s.SubjectKeyId = oid != "2.5.29.14";
            s.AuthorityKeyId = oid != "2.5.29.35";
            s.Extra.Add((oid, critical, [0x04, 0x03, 0xFF, 0x00]));
        });

        foreach (var purpose in Enum.GetValues<CertificatePurpose>())
        {
            var result = await Validator.Validate(leaf, Material, purpose);
            output.WriteLine($"{purpose}: {result.Indication} {result.SubIndication} {string.Join(" | ", result.Errors)}");
            Assert.NotEmpty(result.Chain);
            if (!result.Passed)
            {
                Assert.NotNull(result.SubIndication);
                Assert.NotEmpty(result.Errors);
            }

            if (purpose == CertificatePurpose.Signer)
            {
                Assert.Equal(asSigner, result.SubIndication);
            }
        }

        // Fetching with malformed AIA / CRL DP extensions is an unavailable answer, not an exception.
        using var client = new HttpClient();
        var fetching = Check.Validator(Pki.Root, new CertificateValidatorOptions(), client: new RevocationClient(client, new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(2) }));
        var fetched = await fetching.Validate(leaf, Material);
        output.WriteLine($"fetching: {fetched.Indication} {fetched.SubIndication} {string.Join(" | ", fetched.Errors)}");
        Assert.NotEqual(Indication.TotalPassed, fetched.Indication);
    }

    [Fact]
    public async Task An_issuer_with_a_malformed_name_constraints_extension_fails_the_constraints()
    {
        var ca = TestPki.Ca("CN=Odd CA", Pki.Root, s => s.Extra.Add(("2.5.29.30", true, [0x30, 0x03, 0xA0, 0x01, 0xFF])));
        var leaf = TestPki.Leaf("CN=Signer", ca);
        var result = await Validator.Validate(leaf, new ValidationMaterial { Certificates = [ca.Certificate] });
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
    }

    [Fact]
    public async Task Unreadable_and_null_certificates_in_the_material_are_skipped()
    {
        var broken = TestPki.Ca("CN=Broken CA", Pki.Root, s => { s.Ca = null; s.Extra.Add(("2.5.29.19", true, [0x01, 0x01])); });
        var material = new ValidationMaterial { Certificates = [broken.Certificate, null!, Pki.Ca.Certificate] };
        var result = await Validator.Validate(Pki.Leaf, material);
        Check.Passed(result);
    }

    [Fact]
    public async Task A_key_of_an_unknown_algorithm_neither_signs_nor_throws()
    {
        var spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(new DerObjectIdentifier("1.2.3.4.5")), new byte[] { 1, 2, 3, 4 });
        X509Certificate2 Make(string subject, TestCert issuer, bool ca)
        {
            var generator = new X509V3CertificateGenerator();
            generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(Random.Shared.NextInt64(1, long.MaxValue)));
            generator.SetIssuerDN(issuer.SubjectName);
            generator.SetSubjectDN(new X509Name(subject));
            generator.SetNotBefore(TestPki.Now.AddDays(-1).UtcDateTime);
            generator.SetNotAfter(TestPki.Now.AddDays(1).UtcDateTime);
            generator.SetSubjectPublicKeyInfo(spki);
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
            return X509CertificateLoader.LoadCertificate(generator.Generate(new Asn1SignatureFactory(issuer.SigningAlgorithm, issuer.Key.Private)).GetEncoded());
        }

        var leaf = Make("CN=Strange Key", Pki.Ca, false);
        var result = await Validator.ValidateAsync(leaf, CertificatePurpose.Signer, Material, TestPki.Now);
        Check.Passed(result);

        var strangeCa = Make("CN=Strange CA", Pki.Ca, true);
        var below = TestPki.Leaf("CN=Below", Pki.Ca);
        var orphan = await Validator.ValidateAsync(
            X509CertificateLoader.LoadCertificate(below.Certificate.RawData),
            CertificatePurpose.Signer,
            new ValidationMaterial { Certificates = [strangeCa] },
            TestPki.Now);
        Check.Indeterminate(orphan, SubIndications.NoCertificateChainFound);
    }

    [Fact]
    public async Task Null_arguments_and_cancellation_throw_and_nothing_else_does()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Validator.ValidateAsync(null!, CertificatePurpose.Signer, Material, TestPki.Now));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Validator.ValidateAsync(Pki.Leaf.Certificate, CertificatePurpose.Signer, null!, TestPki.Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Validator.ValidateAsync(Pki.Leaf.Certificate, (CertificatePurpose)42, Material, TestPki.Now));
        Assert.Throws<ArgumentNullException>(() => new CertificateValidator(null!));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validator.ValidateAsync(Pki.Leaf.Certificate, CertificatePurpose.Signer, Material, TestPki.Now, ct: cancelled.Token));
    }

    [Fact]
    public async Task Odd_options_still_give_answers()
    {
        var options = new CertificateValidatorOptions { MaxPathLength = 0, MinimumRsaKeyBits = 0, ClockSkew = TimeSpan.Zero, FetchRevocation = false };
        var result = await Check.Validator(Pki.Root, options).Validate(Pki.Leaf, Pki.GoodMaterial());
        Check.Indeterminate(result, SubIndications.NoCertificateChainFound);

        var selfSigned = TestPki.Issue("CN=Self Signed Signer", null, s => s.Ca = false);
        Check.Passed(await Check.Validator(selfSigned, options).Validate(selfSigned));
    }
}
