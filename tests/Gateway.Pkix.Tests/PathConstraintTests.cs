using Gateway.Crypto;
using Org.BouncyCastle.Asn1.X509;
using BcKeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Gateway.Pkix.Tests;

public sealed class PathConstraintTests
{
    private static CertificateValidator Offline(TestCert root) => Check.Validator(root, Check.Offline);

    [Fact]
    public async Task An_issuer_that_is_not_a_CA_fails_the_chain()
    {
        var root = TestPki.Root("CN=Root");
        var notCa = TestPki.Issue("CN=Not A CA", root, s => { s.Ca = false; s.KeyUsage = BcKeyUsage.KeyCertSign | BcKeyUsage.DigitalSignature; });
        var leaf = TestPki.Leaf("CN=Signer", notCa);
        var result = await Offline(root).Validate(leaf, new ValidationMaterial { Certificates = [notCa.Certificate] });

        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.True(result.ChainsToTrustAnchor);
        Assert.Contains("not a CA", result.Errors[0]);
        Assert.Equal(3, result.Chain.Count);
    }

    [Fact]
    public async Task An_issuer_without_basic_constraints_or_of_version_1_is_not_a_CA()
    {
        var root = TestPki.Root("CN=Root");
        var noExtension = TestPki.Issue("CN=No Basic Constraints", root, s => s.KeyUsage = BcKeyUsage.KeyCertSign);
        var result = await Offline(root).Validate(TestPki.Leaf("CN=Signer", noExtension), new ValidationMaterial { Certificates = [noExtension.Certificate] });
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("no basic constraints", result.Errors[0]);

        var v1 = TestPki.Issue("CN=Version One", root, s => s.Version = 1);
        var old = await Offline(root).Validate(TestPki.Leaf("CN=Signer", v1), new ValidationMaterial { Certificates = [v1.Certificate] });
        Check.Indeterminate(old, SubIndications.ChainConstraintsFailure);
        Assert.Contains("version 1", old.Errors[0]);
    }

    [Fact]
    public async Task A_version_1_root_is_an_anchor_but_a_v3_anchor_saying_it_is_no_CA_is_believed()
    {
        var v1Root = TestPki.Issue("CN=Old Root", null, s => s.Version = 1);
        var ca = TestPki.Ca("CN=Issuing", v1Root);
        Check.Passed(await Offline(v1Root).Validate(TestPki.Leaf("CN=Signer", ca), new ValidationMaterial { Certificates = [ca.Certificate] }));

        var notCaRoot = TestPki.Issue("CN=Not A CA Root", null, s => { s.Ca = false; s.KeyUsage = BcKeyUsage.KeyCertSign; });
        var issued = TestPki.Leaf("CN=Signer", notCaRoot);
        var result = await Offline(notCaRoot).Validate(issued);
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.True(result.Chain[^1].IsTrustAnchor);
    }

    [Fact]
    public async Task Path_length_constraints_count_intermediate_CAs_below()
    {
        var root = TestPki.Root("CN=Root");
        var limited = TestPki.Ca("CN=Limited", root, s => s.PathLength = 0);
        var below = TestPki.Ca("CN=Below", limited);
        var leaf = TestPki.Leaf("CN=Signer", below);
        var result = await Offline(root).Validate(leaf, new ValidationMaterial { Certificates = [limited.Certificate, below.Certificate] });
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("pathLenConstraint", result.Errors[0]);

        // pathLen 0 still lets the CA issue end-entity certificates, and 1 allows one CA below.
        Check.Passed(await Offline(root).Validate(TestPki.Leaf("CN=Direct", limited), new ValidationMaterial { Certificates = [limited.Certificate] }));
        var one = TestPki.Ca("CN=One", root, s => s.PathLength = 1);
        var under = TestPki.Ca("CN=Under", one);
        Check.Passed(await Offline(root).Validate(TestPki.Leaf("CN=Signer", under), new ValidationMaterial { Certificates = [one.Certificate, under.Certificate] }));

        // The anchor's own limit applies as well.
        var strictRoot = TestPki.Root("CN=Strict Root", s => s.PathLength = 0);
        var ca = TestPki.Ca("CN=Issuing", strictRoot);
        var anchored = await Offline(strictRoot).Validate(TestPki.Leaf("CN=Signer", ca), new ValidationMaterial { Certificates = [ca.Certificate] });
        Check.Indeterminate(anchored, SubIndications.ChainConstraintsFailure);
    }

    [Fact]
    public async Task An_issuer_without_keyCertSign_fails()
    {
        var pki = Chain3.Make(ca: s => s.KeyUsage = BcKeyUsage.CrlSign | BcKeyUsage.DigitalSignature);
        var result = await Offline(pki.Root).Validate(pki.Leaf, pki.CertificatesOnly());
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("keyCertSign", result.Errors[0]);
    }

    [Fact]
    public async Task An_unknown_critical_extension_fails_and_the_same_extension_non_critical_does_not()
    {
        var critical = Chain3.Make(leaf: s => s.Extra.Add(("1.2.3.4.5.6", true, [0x05, 0x00])));
        var result = await Offline(critical.Root).Validate(critical.Leaf, critical.CertificatesOnly());
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("1.2.3.4.5.6", result.Errors[0]);

        var intermediate = Chain3.Make(ca: s => s.Extra.Add(("1.2.3.4.5.6", true, [0x05, 0x00])));
        Check.Indeterminate(await Offline(intermediate.Root).Validate(intermediate.Leaf, intermediate.CertificatesOnly()), SubIndications.ChainConstraintsFailure);

        var plain = Chain3.Make(leaf: s => s.Extra.Add(("1.2.3.4.5.6", false, [0x05, 0x00])));
        Check.Passed(await Offline(plain.Root).Validate(plain.Leaf, plain.CertificatesOnly()));

        // Known critical extensions are fine: policy constraints, inhibitAnyPolicy, a critical EKU.
        var known = Chain3.Make(
            ca: s => { s.Extra.Add(("2.5.29.36", true, [0x30, 0x03, 0x80, 0x01, 0x00])); s.Extra.Add(("2.5.29.54", true, [0x02, 0x01, 0x00])); },
            leaf: s => { s.Eku = [TestPki.ServerAuthEku]; s.EkuCritical = true; });
        Check.Passed(await Offline(known.Root).Validate(known.Leaf, known.CertificatesOnly()));
    }

    [Fact]
    public async Task Name_constraints_of_a_CA_bind_the_names_below_it()
    {
        var constraints = new NameConstraints(
            new GeneralSubtrees([
                new GeneralSubtree(new GeneralName(GeneralName.DnsName, "example.go.th")),
                new GeneralSubtree(new GeneralName(new X509Name(true, "O=Permitted Agency, C=TH"))),
                new GeneralSubtree(new GeneralName(GeneralName.Rfc822Name, "example.go.th")),
            ]),
            new GeneralSubtrees([new GeneralSubtree(new GeneralName(GeneralName.DnsName, "blocked.example.go.th"))]));
        var root = TestPki.Root("CN=Root");
        var ca = TestPki.Ca("CN=Constrained CA", root, s => s.NameConstraints = constraints);
        var material = new ValidationMaterial { Certificates = [ca.Certificate] };
        var validator = Offline(root);

        var inside = TestPki.Leaf("CN=Officer, O=Permitted Agency, C=TH", ca, s => { s.DnsNames = ["sign.example.go.th"]; s.Emails = ["officer@example.go.th"]; });
        Check.Passed(await validator.Validate(inside, material));

        var wrongDns = TestPki.Leaf("CN=Officer, O=Permitted Agency, C=TH", ca, s => s.DnsNames = ["sign.example.com"]);
        var dns = await validator.Validate(wrongDns, material);
        Check.Indeterminate(dns, SubIndications.ChainConstraintsFailure);
        Assert.Contains("name constraints", dns.Errors[0]);

        var excluded = TestPki.Leaf("CN=Officer, O=Permitted Agency, C=TH", ca, s => s.DnsNames = ["x.blocked.example.go.th"]);
        Check.Indeterminate(await validator.Validate(excluded, material), SubIndications.ChainConstraintsFailure);

        var wrongDn = TestPki.Leaf("CN=Officer, O=Other Agency, C=TH", ca);
        Check.Indeterminate(await validator.Validate(wrongDn, material), SubIndications.ChainConstraintsFailure);

        var wrongMail = TestPki.Leaf("CN=Officer, O=Permitted Agency, C=TH", ca, s => s.Emails = ["officer@example.com"]);
        Check.Indeterminate(await validator.Validate(wrongMail, material), SubIndications.ChainConstraintsFailure);

        var mailInDn = TestPki.Leaf("CN=Officer, O=Permitted Agency, C=TH, E=officer@example.com", ca);
        Check.Indeterminate(await validator.Validate(mailInDn, material), SubIndications.ChainConstraintsFailure);
    }

    [Fact]
    public async Task A_name_constrained_anchor_constrains_the_whole_path()
    {
        var constraints = new NameConstraints(new GeneralSubtrees([new GeneralSubtree(new GeneralName(new X509Name(true, "C=TH")))]), null);
        var root = TestPki.Root("CN=Root, C=TH", s => s.NameConstraints = constraints);
        var ca = TestPki.Ca("CN=Issuing, C=TH", root);
        var material = new ValidationMaterial { Certificates = [ca.Certificate] };
        Check.Passed(await Offline(root).Validate(TestPki.Leaf("CN=Signer, C=TH", ca), material));
        Check.Indeterminate(await Offline(root).Validate(TestPki.Leaf("CN=Signer, C=US", ca), material), SubIndications.ChainConstraintsFailure);
    }

    [Fact]
    public async Task A_signer_needs_digitalSignature_or_nonRepudiation_when_key_usage_is_present()
    {
        var encipher = Chain3.Make(leaf: s => s.KeyUsage = BcKeyUsage.KeyEncipherment);
        var result = await Offline(encipher.Root).Validate(encipher.Leaf, encipher.CertificatesOnly());
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("digitalSignature", result.Errors[0]);

        var nonRepudiation = Chain3.Make(leaf: s => s.KeyUsage = BcKeyUsage.NonRepudiation);
        Check.Passed(await Offline(nonRepudiation.Root).Validate(nonRepudiation.Leaf, nonRepudiation.CertificatesOnly()));

        var none = Chain3.Make(leaf: s => s.KeyUsage = 0);
        Check.Passed(await Offline(none.Root).Validate(none.Leaf, none.CertificatesOnly()));
    }

    [Fact]
    public async Task A_time_stamping_unit_needs_the_timeStamping_EKU_and_is_warned_when_it_is_not_alone_and_critical()
    {
        var signer = Chain3.Make();
        var missing = await Offline(signer.Root).Validate(signer.Leaf, signer.CertificatesOnly(), CertificatePurpose.TimeStamping);
        Check.Indeterminate(missing, SubIndications.ChainConstraintsFailure);
        Assert.Contains("id-kp-timeStamping", missing.Errors[0]);

        var proper = Chain3.Make(leaf: s => { s.Eku = [TestPki.TimeStampingEku]; s.EkuCritical = true; });
        var good = await Offline(proper.Root).Validate(proper.Leaf, proper.GoodMaterial(), CertificatePurpose.TimeStamping);
        Check.Passed(good);
        Assert.Empty(good.Warnings);

        var sloppy = Chain3.Make(leaf: s => s.Eku = [TestPki.TimeStampingEku, TestPki.ServerAuthEku]);
        var warned = await Offline(sloppy.Root).Validate(sloppy.Leaf, sloppy.CertificatesOnly(), CertificatePurpose.TimeStamping);
        Check.Passed(warned);
        Assert.Contains(warned.Warnings, w => w.Contains("not critical"));
        Assert.Contains(warned.Warnings, w => w.Contains("other than id-kp-timeStamping"));

        var other = Chain3.Make(leaf: s => { s.Eku = [TestPki.ServerAuthEku]; s.EkuCritical = true; });
        Check.Indeterminate(await Offline(other.Root).Validate(other.Leaf, other.CertificatesOnly(), CertificatePurpose.TimeStamping), SubIndications.ChainConstraintsFailure);
    }

    [Fact]
    public async Task An_OCSP_responder_needs_the_OCSPSigning_EKU()
    {
        var plain = Chain3.Make();
        var result = await Offline(plain.Root).Validate(plain.Leaf, plain.CertificatesOnly(), CertificatePurpose.OcspSigning);
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Contains("id-kp-OCSPSigning", result.Errors[0]);

        var responder = Chain3.Make(leaf: s => { s.Eku = [TestPki.OcspSigningEku]; s.KeyUsage = BcKeyUsage.DigitalSignature; });
        Check.Passed(await Offline(responder.Root).Validate(responder.Leaf, responder.CertificatesOnly(), CertificatePurpose.OcspSigning));
    }

    [Fact]
    public async Task Every_constraint_problem_is_listed()
    {
        var pki = Chain3.Make(
            ca: s => s.KeyUsage = BcKeyUsage.CrlSign,
            leaf: s => { s.KeyUsage = BcKeyUsage.KeyAgreement; s.Extra.Add(("1.2.3.4", true, [0x05, 0x00])); });
        var result = await Offline(pki.Root).Validate(pki.Leaf, pki.CertificatesOnly());
        Check.Indeterminate(result, SubIndications.ChainConstraintsFailure);
        Assert.Equal(3, result.Errors.Count);
    }
}
