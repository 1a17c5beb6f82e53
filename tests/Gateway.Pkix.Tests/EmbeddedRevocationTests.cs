using Gateway.Crypto;
using Org.BouncyCastle.Asn1.X509;
using BcKeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;
using Entry = Gateway.Pkix.Tests.TestRevocation.Entry;

namespace Gateway.Pkix.Tests;

public sealed class EmbeddedRevocationTests
{
    private static readonly DateTimeOffset Hour = TestPki.Now.AddHours(-1);
    private static readonly DateTimeOffset Week = TestPki.Now.AddDays(7);

    private static ValidationMaterial With(Chain3 pki, byte[]? leafOcsp = null, byte[]? leafCrl = null, IEnumerable<System.Security.Cryptography.X509Certificates.X509Certificate2>? extra = null) => new()
    {
        Certificates = [pki.Ca.Certificate, .. extra ?? []],
        OcspResponses = leafOcsp is null ? [] : [leafOcsp],
        Crls = [.. leafCrl is null ? [] : new[] { leafCrl }, TestRevocation.GoodCrl(pki.Root)],
    };

    /// <summary>A delegated OCSP responder certificate of the issuing CA.</summary>
    private static TestCert Responder(TestCert ca, Action<CertSpec>? configure = null) =>
        TestPki.Leaf("CN=OCSP Responder", ca, s =>
        {
            s.KeyUsage = BcKeyUsage.DigitalSignature;
            s.Eku = [TestPki.OcspSigningEku];
            s.Extra.Add((TestPki.OcspNoCheck, false, [0x05, 0x00]));
            configure?.Invoke(s);
        });

    [Fact]
    public async Task A_leaf_revoked_on_an_embedded_crl_is_revoked_no_poe()
    {
        var pki = Chain3.Make();
        var revokedAt = TestPki.Now.AddDays(-3);
        var crl = TestRevocation.Crl(pki.Ca, Hour, Week, [new Entry(pki.Leaf, revokedAt)]);
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafCrl: crl));

        Check.Indeterminate(result, SubIndications.RevokedNoPoe);
        var info = result.Chain[0].Revocation;
        Assert.Equal(RevocationCheckStatus.Revoked, info.Status);
        Assert.Equal("embedded CRL", info.Source);
        Assert.Equal(revokedAt, info.RevocationTime);
        Assert.Equal("keyCompromise", info.RevocationReason);
        Assert.Equal(Hour, info.IssuedAt);
        Assert.Equal(Week, info.NextUpdate);
        Assert.Contains("revoked", result.Errors[0]);
    }

    [Fact]
    public async Task A_leaf_revoked_in_an_embedded_ocsp_response_is_revoked_no_poe()
    {
        var pki = Chain3.Make();
        var revokedAt = TestPki.Now.AddDays(-3);
        var ocsp = TestRevocation.Ocsp(pki.Ca, pki.Ca, [new Entry(pki.Leaf, revokedAt)], Hour, TestPki.Now.AddDays(1), producedAt: Hour.AddMinutes(1));
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: ocsp));

        Check.Indeterminate(result, SubIndications.RevokedNoPoe);
        var info = result.Chain[0].Revocation;
        Assert.Equal("embedded OCSP", info.Source);
        Assert.Equal(revokedAt, info.RevocationTime);
        Assert.Equal(Hour.AddMinutes(1), info.IssuedAt);
        Assert.Contains("the issuer", info.Detail);
    }

    [Fact]
    public async Task Good_ocsp_answers_are_used_whether_whole_or_bare_and_with_either_CertID_hash()
    {
        var pki = Chain3.Make();
        var validator = Check.Validator(pki.Root);
        foreach (var (bare, hash) in new[] { (false, TestRevocation.Sha1CertId), (true, TestRevocation.Sha1CertId), (false, TestRevocation.Sha256CertId), (true, TestRevocation.Sha256CertId) })
        {
            var ocsp = TestRevocation.Ocsp(pki.Ca, pki.Ca, [new Entry(pki.Leaf)], Hour, TestPki.Now.AddDays(1), bare: bare, certIdHash: hash);
            var result = await validator.Validate(pki.Leaf, With(pki, leafOcsp: ocsp));
            Check.Passed(result);
            Assert.Equal(RevocationCheckStatus.Good, result.Chain[0].Revocation.Status);
            Assert.Equal("embedded OCSP", result.Chain[0].Revocation.Source);
        }
    }

    [Fact]
    public async Task A_delegated_responder_is_trusted_when_its_CA_issued_it_for_OCSP_signing()
    {
        var pki = Chain3.Make();
        var responder = Responder(pki.Ca);
        var good = TestRevocation.Ocsp(pki.Ca, responder, [new Entry(pki.Leaf)], Hour, TestPki.Now.AddDays(1));
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: good));
        Check.Passed(result);
        Assert.Contains("delegated responder", result.Chain[0].Revocation.Detail);

        var revoked = TestRevocation.Ocsp(pki.Ca, responder, [new Entry(pki.Leaf, TestPki.Now.AddDays(-1))], Hour, TestPki.Now.AddDays(1));
        Check.Indeterminate(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: revoked)), SubIndications.RevokedNoPoe);

        // The responder's certificate may come with the signed object instead of inside the response.
        var without = TestRevocation.Ocsp(pki.Ca, responder, [new Entry(pki.Leaf)], Hour, TestPki.Now.AddDays(1), includeSigner: false);
        Check.Indeterminate(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: without)), SubIndications.TryLater);
        Check.Passed(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: without, extra: [responder.Certificate])));
    }

    [Fact]
    public async Task A_delegated_responder_without_the_EKU_or_expired_when_it_signed_is_not_trusted()
    {
        var pki = Chain3.Make();
        var noEku = TestPki.Leaf("CN=Not A Responder", pki.Ca);
        var ocsp = TestRevocation.Ocsp(pki.Ca, noEku, [new Entry(pki.Leaf)], Hour, TestPki.Now.AddDays(1));
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: ocsp));
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Contains("signed neither by the issuer", result.Chain[0].Revocation.Detail);

        var expired = Responder(pki.Ca, s => { s.NotBefore = TestPki.Now.AddYears(-2); s.NotAfter = TestPki.Now.AddDays(-2); });
        var late = TestRevocation.Ocsp(pki.Ca, expired, [new Entry(pki.Leaf)], Hour, TestPki.Now.AddDays(1));
        Check.Indeterminate(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: late)), SubIndications.TryLater);

        // The same responder was fine for an answer it produced while it was valid.
        var earlier = TestPki.Now.AddDays(-3);
        var timely = TestRevocation.Ocsp(pki.Ca, expired, [new Entry(pki.Leaf)], earlier, earlier.AddDays(1));
        Check.Passed(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: timely), at: earlier.AddHours(1)));
    }

    [Fact]
    public async Task An_ocsp_response_signed_by_a_stranger_is_ignored()
    {
        var pki = Chain3.Make();
        var strangerRoot = TestPki.Root("CN=Stranger Root");
        var stranger = TestPki.Leaf("CN=Test Issuing CA, O=Gateway Tests, C=TH", strangerRoot, s => s.Eku = [TestPki.OcspSigningEku]);
        var ocsp = TestRevocation.Ocsp(pki.Ca, stranger, [new Entry(pki.Leaf, TestPki.Now.AddDays(-1))], Hour, TestPki.Now.AddDays(1));
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: ocsp));

        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Equal(RevocationCheckStatus.Unavailable, result.Chain[0].Revocation.Status);
        Assert.Contains("signed neither by the issuer", result.Chain[0].Revocation.Detail);
    }

    [Fact]
    public async Task A_crl_signed_with_another_key_or_by_a_CA_without_cRLSign_is_ignored()
    {
        var pki = Chain3.Make();
        var impostor = TestPki.Root("CN=Test Issuing CA, O=Gateway Tests, C=TH");
        var forged = TestRevocation.Crl(pki.Ca, Hour, Week, signer: impostor);
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafCrl: forged));
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Contains("signature does not verify", result.Chain[0].Revocation.Detail);

        var noCrlSign = Chain3.Make(ca: s => s.KeyUsage = BcKeyUsage.KeyCertSign);
        var refused = await Check.Validator(noCrlSign.Root).Validate(noCrlSign.Leaf, With(noCrlSign, leafCrl: TestRevocation.GoodCrl(noCrlSign.Ca)));
        Check.Indeterminate(refused, SubIndications.TryLater);
        Assert.Contains("cRLSign", refused.Chain[0].Revocation.Detail);
    }

    [Fact]
    public async Task Revoked_after_the_proof_of_existence_passes_there_and_before_it_does_not()
    {
        var pki = Chain3.Make();
        var revokedAt = TestPki.Now.AddDays(-10);
        var material = With(pki, leafCrl: TestRevocation.Crl(pki.Ca, Hour, Week, [new Entry(pki.Leaf, revokedAt)]));
        var validator = Check.Validator(pki.Root);

        var before = TestPki.Now.AddDays(-20);
        var passed = await validator.Validate(pki.Leaf, material, poe: before);
        Check.Passed(passed);
        Assert.Equal(before, passed.ValidatedAt);
        Assert.Equal(RevocationCheckStatus.Revoked, passed.Chain[0].Revocation.Status);
        Assert.Equal(revokedAt, passed.Chain[0].Revocation.RevocationTime);
        Assert.Contains(passed.Warnings, w => w.Contains("revoked") && w.Contains("proof of existence"));

        var after = TestPki.Now.AddDays(-5);
        var failed = await validator.Validate(pki.Leaf, material, poe: after);
        Check.Indeterminate(failed, SubIndications.RevokedNoPoe);
        Assert.Equal(after, failed.ValidatedAt);

        // Without a proof, a validation time before the revocation is judged as it was then.
        Check.Passed(await validator.Validate(pki.Leaf, material, at: before));
    }

    [Fact]
    public async Task A_revoked_intermediate_is_revoked_ca_no_poe()
    {
        var pki = Chain3.Make();
        var material = new ValidationMaterial
        {
            Certificates = [pki.Ca.Certificate],
            Crls = [TestRevocation.GoodCrl(pki.Ca), TestRevocation.Crl(pki.Root, Hour, Week, [new Entry(pki.Ca, TestPki.Now.AddDays(-2), CrlReason.CACompromise)])],
        };
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, material);
        Check.Indeterminate(result, SubIndications.RevokedCaNoPoe);
        Assert.Equal(RevocationCheckStatus.Good, result.Chain[0].Revocation.Status);
        Assert.Equal(RevocationCheckStatus.Revoked, result.Chain[1].Revocation.Status);
        Assert.Equal("cACompromise", result.Chain[1].Revocation.RevocationReason);

        // A revoked leaf under a revoked CA: the leaf's revocation decides.
        var both = material with { Crls = [TestRevocation.Crl(pki.Ca, Hour, Week, [new Entry(pki.Leaf, TestPki.Now.AddDays(-1))]), .. material.Crls.Skip(1)] };
        var leafFirst = await Check.Validator(pki.Root).Validate(pki.Leaf, both);
        Check.Indeterminate(leafFirst, SubIndications.RevokedNoPoe);
        Assert.Equal(2, leafFirst.Errors.Count);
    }

    [Fact]
    public async Task An_ocsp_responder_with_ocsp_nocheck_needs_no_revocation_check()
    {
        var pki = Chain3.Make();
        var responder = Responder(pki.Ca);
        var material = new ValidationMaterial { Certificates = [pki.Ca.Certificate], Crls = [TestRevocation.GoodCrl(pki.Root)] };
        var result = await Check.Validator(pki.Root).Validate(responder, material, CertificatePurpose.OcspSigning);
        Check.Passed(result);
        Assert.Equal(RevocationCheckStatus.NotRequired, result.Chain[0].Revocation.Status);
        Assert.Equal("id-pkix-ocsp-nocheck", result.Chain[0].Revocation.Source);

        // nocheck on a certificate that is no OCSP responder means nothing.
        var pretender = TestPki.Leaf("CN=Pretender", pki.Ca, s => s.Extra.Add((TestPki.OcspNoCheck, false, [0x05, 0x00])));
        Check.Indeterminate(await Check.Validator(pki.Root).Validate(pretender, material), SubIndications.TryLater);
    }

    [Fact]
    public async Task Unavailable_revocation_is_try_later_unless_the_policy_accepts_it()
    {
        var pki = Chain3.Make();
        var strict = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.CertificatesOnly());
        Check.Indeterminate(strict, SubIndications.TryLater);
        Assert.Equal(2, strict.Errors.Count);
        Assert.Contains("No revocation data about it was embedded", strict.Chain[0].Revocation.Detail);
        Assert.Contains("Fetching is off", strict.Chain[0].Revocation.Detail);

        var lenient = await Check.Validator(pki.Root, Check.Offline).Validate(pki.Leaf, pki.CertificatesOnly());
        Check.Passed(lenient);
        Assert.Equal(RevocationCheckStatus.Unavailable, lenient.Chain[0].Revocation.Status);
        Assert.Equal(RevocationCheckStatus.Unavailable, lenient.Chain[1].Revocation.Status);
        Assert.Equal(2, lenient.Warnings.Count(w => w.Contains("Accepted by policy")));
    }

    [Fact]
    public async Task Unknown_is_try_later_whatever_the_policy_unless_another_answer_is_definite()
    {
        var pki = Chain3.Make();
        var unknown = TestRevocation.Ocsp(pki.Ca, pki.Ca, [new Entry(pki.Leaf, Unknown: true)], Hour, TestPki.Now.AddDays(1));
        var result = await Check.Validator(pki.Root, Check.Offline).Validate(pki.Leaf, With(pki, leafOcsp: unknown));
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Equal(RevocationCheckStatus.Unknown, result.Chain[0].Revocation.Status);

        Check.Passed(await Check.Validator(pki.Root).Validate(pki.Leaf, With(pki, leafOcsp: unknown, leafCrl: TestRevocation.GoodCrl(pki.Ca))));
    }

    [Fact]
    public async Task Stale_or_future_revocation_data_is_not_used()
    {
        var pki = Chain3.Make();
        var validator = Check.Validator(pki.Root);

        var stale = TestRevocation.Crl(pki.Ca, TestPki.Now.AddDays(-10), TestPki.Now.AddDays(-3));
        var result = await validator.Validate(pki.Leaf, With(pki, leafCrl: stale));
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Contains("too old", result.Chain[0].Revocation.Detail);

        var future = TestRevocation.Crl(pki.Ca, TestPki.Now.AddDays(1), TestPki.Now.AddDays(8));
        var ahead = await validator.Validate(pki.Leaf, With(pki, leafCrl: future));
        Check.Indeterminate(ahead, SubIndications.TryLater);
        Assert.Contains("in the future", ahead.Chain[0].Revocation.Detail);

        // Without nextUpdate an answer is current for a day (CertificateValidatorOptions.RevocationFreshnessWithoutNextUpdate).
        Check.Passed(await validator.Validate(pki.Leaf, With(pki, leafCrl: TestRevocation.Crl(pki.Ca, TestPki.Now.AddHours(-2), null))));
        Check.Indeterminate(await validator.Validate(pki.Leaf, With(pki, leafCrl: TestRevocation.Crl(pki.Ca, TestPki.Now.AddDays(-3), null))), SubIndications.TryLater);

        // Within the clock skew is fine.
        Check.Passed(await validator.Validate(pki.Leaf, With(pki, leafCrl: TestRevocation.Crl(pki.Ca, TestPki.Now.AddMinutes(2), Week))));
    }

    [Fact]
    public async Task Garbage_revocation_data_is_reported_not_thrown()
    {
        var pki = Chain3.Make();
        byte[][] garbage = [[], [0x30], [0x30, 0x03, 0x02, 0x01, 0x00], "not der at all"u8.ToArray(), [0xA0, 0x80, 0x00, 0x00], new byte[4096]];
        var tryLater = new Org.BouncyCastle.Ocsp.OCSPRespGenerator().Generate(Org.BouncyCastle.Ocsp.OcspRespStatus.TryLater, null).GetEncoded();
        var material = new ValidationMaterial
        {
            Certificates = [pki.Ca.Certificate],
            OcspResponses = [.. garbage, tryLater, null!],
            Crls = [.. garbage, null!],
        };

        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, material);
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Contains("not a CRL", result.Chain[0].Revocation.Detail);
        Assert.Contains("tryLater", result.Chain[0].Revocation.Detail);

        var rescued = material with { Crls = [.. material.Crls, TestRevocation.GoodCrl(pki.Ca), TestRevocation.GoodCrl(pki.Root)] };
        Check.Passed(await Check.Validator(pki.Root).Validate(pki.Leaf, rescued));
    }
}
