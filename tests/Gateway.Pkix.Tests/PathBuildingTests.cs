using Gateway.Crypto;

namespace Gateway.Pkix.Tests;

public sealed class PathBuildingTests
{
    [Fact]
    public async Task A_three_level_chain_with_fresh_crls_passes()
    {
        var pki = Chain3.Make();
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.GoodMaterial());

        Check.Passed(result);
        Assert.Equal(["Test Signer", "Test Issuing CA", "Test Root"], Check.Names(result));
        Assert.Equal([false, false, true], result.Chain.Select(e => e.IsTrustAnchor));
        Assert.Equal(RevocationCheckStatus.Good, result.Chain[0].Revocation.Status);
        Assert.Equal("embedded CRL", result.Chain[0].Revocation.Source);
        Assert.Equal(RevocationCheckStatus.Good, result.Chain[1].Revocation.Status);
        Assert.Equal(new CertificateRevocationInfo(RevocationCheckStatus.NotRequired, "trust anchor"), result.Chain[2].Revocation);
        Assert.Equal(TestPki.Now, result.ValidatedAt);
        Assert.Empty(result.Warnings);
        Assert.Same(pki.Leaf.Certificate, result.Chain[0].Certificate);
    }

    [Fact]
    public async Task A_leaf_that_is_itself_a_trust_anchor_passes_alone()
    {
        var selfSigned = TestPki.Issue("CN=Self Signed Signer", null, s => s.Ca = false);
        var result = await Check.Validator(selfSigned).Validate(selfSigned);

        Check.Passed(result);
        var only = Assert.Single(result.Chain);
        Assert.True(only.IsTrustAnchor);
        Assert.Equal(RevocationCheckStatus.NotRequired, only.Revocation.Status);
    }

    [Fact]
    public async Task A_self_signed_leaf_that_is_not_trusted_has_no_chain()
    {
        var stranger = TestPki.Issue("CN=Stranger", null, s => s.Ca = false);
        var pki = Chain3.Make();
        var result = await Check.Validator(pki.Root).Validate(stranger);

        Check.Indeterminate(result, SubIndications.NoCertificateChainFound);
        Assert.False(result.ChainsToTrustAnchor);
        Assert.Single(result.Chain);
        Assert.Equal(RevocationCheckStatus.Unavailable, result.Chain[0].Revocation.Status);
    }

    [Fact]
    public async Task The_intermediate_comes_from_the_material_or_the_trust_store_and_without_it_there_is_no_chain()
    {
        var pki = Chain3.Make();
        var crls = new ValidationMaterial { Crls = [TestRevocation.GoodCrl(pki.Ca), TestRevocation.GoodCrl(pki.Root)] };

        var missing = await Check.Validator(pki.Root).Validate(pki.Leaf, crls);
        Check.Indeterminate(missing, SubIndications.NoCertificateChainFound);
        Assert.Equal(["Test Signer"], Check.Names(missing));
        Assert.Contains("Test Issuing CA", missing.Errors[0]);

        Check.Passed(await Check.Validator(pki.Root).Validate(pki.Leaf, crls with { Certificates = [pki.Ca.Certificate] }));
        Check.Passed(await Check.Validator(pki.Root, intermediates: [pki.Ca]).Validate(pki.Leaf, crls));
    }

    [Fact]
    public async Task A_partial_chain_stops_at_the_last_certificate_found()
    {
        var pki = Chain3.Make();
        var otherRoot = TestPki.Root("CN=Other Root");
        var result = await Check.Validator(otherRoot).Validate(pki.Leaf, pki.CertificatesOnly());

        Check.Indeterminate(result, SubIndications.NoCertificateChainFound);
        Assert.Equal(["Test Signer", "Test Issuing CA"], Check.Names(result));
        Assert.All(result.Chain, e => Assert.False(e.IsTrustAnchor));
    }

    [Fact]
    public async Task Two_CAs_with_one_name_are_told_apart_by_key_identifier_and_signature()
    {
        var root = TestPki.Root("CN=Root");
        var decoy = TestPki.Ca("CN=Issuing", root);
        var real = TestPki.Ca("CN=Issuing", root);
        var leaf = TestPki.Leaf("CN=Signer", real);
        var material = new ValidationMaterial
        {
            Certificates = [decoy.Certificate, real.Certificate],
            Crls = [TestRevocation.GoodCrl(real), TestRevocation.GoodCrl(root)],
        };

        var result = await Check.Validator(root).Validate(leaf, material);
        Check.Passed(result);
        Assert.Same(real.Certificate, result.Chain[1].Certificate);

        // Without key identifiers the decoy is a candidate by name and is rejected by its signature.
        var plain = TestPki.Leaf("CN=Signer", real, s => s.AuthorityKeyId = false);
        var byName = await Check.Validator(root).Validate(plain, material);
        Check.Passed(byName);
        Assert.Same(real.Certificate, byName.Chain[1].Certificate);
    }

    [Fact]
    public async Task Backtracking_leaves_a_cross_certificate_to_an_untrusted_root_for_one_to_the_anchor()
    {
        var trusted = TestPki.Root("CN=Trusted Root");
        var untrusted = TestPki.Root("CN=Untrusted Root");
        var caKey = TestPki.EcKey();
        // The same CA (name and key) certified by both roots; the signature brings the untrusted one first.
        var viaUntrusted = TestPki.Ca("CN=Shared CA", untrusted, s => s.Key = caKey);
        var viaTrusted = TestPki.Ca("CN=Shared CA", trusted, s => s.Key = caKey);
        var leaf = TestPki.Leaf("CN=Signer", viaTrusted);
        var material = new ValidationMaterial
        {
            Certificates = [viaUntrusted.Certificate, untrusted.Certificate, viaTrusted.Certificate],
            Crls = [TestRevocation.GoodCrl(viaTrusted), TestRevocation.GoodCrl(trusted)],
        };

        var result = await Check.Validator(trusted).Validate(leaf, material);
        Check.Passed(result);
        Assert.Equal(["Signer", "Shared CA", "Trusted Root"], Check.Names(result));
        Assert.Same(viaTrusted.Certificate, result.Chain[1].Certificate);
    }

    [Fact]
    public async Task A_cross_certificate_of_the_anchor_counts_as_the_anchor_by_name_and_key()
    {
        var other = TestPki.Root("CN=Other Root");
        var rootKey = TestPki.EcKey();
        var root = TestPki.Root("CN=New Root", s => s.Key = rootKey);
        // The anchor's name and key, certified by another root: the path must stop at the configured anchor.
        var crossed = TestPki.Ca("CN=New Root", other, s => s.Key = rootKey);
        var ca = TestPki.Ca("CN=Issuing", root);
        var leaf = TestPki.Leaf("CN=Signer", ca);
        var material = new ValidationMaterial
        {
            Certificates = [ca.Certificate, crossed.Certificate, other.Certificate],
            Crls = [TestRevocation.GoodCrl(ca), TestRevocation.GoodCrl(root)],
        };

        var result = await Check.Validator(root).Validate(leaf, material);
        Check.Passed(result);
        Assert.Equal(3, result.Chain.Count);
        Assert.Same(root.Certificate, result.Chain[2].Certificate);
    }

    [Fact]
    public async Task Mutually_cross_certified_CAs_do_not_loop()
    {
        var aKey = TestPki.EcKey();
        var bKey = TestPki.EcKey();
        var aSelf = TestPki.Root("CN=CA A", s => s.Key = aKey);
        var bSelf = TestPki.Root("CN=CA B", s => s.Key = bKey);
        var aByB = TestPki.Ca("CN=CA A", bSelf, s => s.Key = aKey);
        var bByA = TestPki.Ca("CN=CA B", aSelf, s => s.Key = bKey);
        var leaf = TestPki.Leaf("CN=Signer", aSelf);
        var anchor = TestPki.Root("CN=Elsewhere");
        var material = new ValidationMaterial { Certificates = [aByB.Certificate, bByA.Certificate, aSelf.Certificate, bSelf.Certificate] };

        var none = await Check.Validator(anchor).Validate(leaf, material);
        Check.Indeterminate(none, SubIndications.NoCertificateChainFound);
        Assert.Equal(["Signer", "CA A", "CA B"], Check.Names(none));

        // The same loop with a way out: B trusted.
        var found = await Check.Validator(bSelf, Check.Offline).Validate(leaf, material);
        Check.Passed(found);
        Assert.Equal(["Signer", "CA A", "CA B"], Check.Names(found));
    }

    [Fact]
    public async Task The_maximum_path_length_bounds_the_search()
    {
        var root = TestPki.Root("CN=Root");
        var one = TestPki.Ca("CN=CA 1", root);
        var two = TestPki.Ca("CN=CA 2", one);
        var three = TestPki.Ca("CN=CA 3", two);
        var leaf = TestPki.Leaf("CN=Signer", three);
        var material = new ValidationMaterial { Certificates = [one.Certificate, two.Certificate, three.Certificate] };

        var tooShort = await Check.Validator(root, new CertificateValidatorOptions { MaxPathLength = 4, FetchRevocation = false, WhenRevocationUnavailable = RevocationPolicy.Accept }).Validate(leaf, material);
        Check.Indeterminate(tooShort, SubIndications.NoCertificateChainFound);
        Assert.Contains("maximum length of 4", tooShort.Errors[0]);
        Assert.Equal(4, tooShort.Chain.Count);

        var enough = await Check.Validator(root, new CertificateValidatorOptions { MaxPathLength = 5, FetchRevocation = false, WhenRevocationUnavailable = RevocationPolicy.Accept }).Validate(leaf, material);
        Check.Passed(enough);
        Assert.Equal(5, enough.Chain.Count);
    }

    [Fact]
    public async Task Many_look_alike_issuers_are_bounded_work()
    {
        var root = TestPki.Root("CN=Root");
        var leaf = TestPki.Leaf("CN=Signer", TestPki.Ca("CN=Issuing", root));
        // 150 certificates named like the issuer, none of which signed the leaf, plus a chain of same-named CAs.
        var decoys = Enumerable.Range(0, 150).Select(_ => TestPki.Ca("CN=Issuing", root, s => s.AuthorityKeyId = false).Certificate).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await Check.Validator(root).Validate(leaf, new ValidationMaterial { Certificates = decoys });
        Check.Indeterminate(result, SubIndications.NoCertificateChainFound);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
    }
}
