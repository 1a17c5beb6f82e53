using Gateway.Crypto;

namespace Gateway.Pkix.Tests;

public sealed class CryptoConstraintTests
{
    [Fact]
    public async Task An_MD5_signature_on_a_certificate_fails_but_not_on_the_anchor_itself()
    {
        var rootKey = TestPki.RsaKey(2048);
        var root = TestPki.Root("CN=RSA Root", s => { s.Key = rootKey; s.SignatureAlgorithm = "MD5WITHRSA"; });
        var ca = TestPki.Ca("CN=RSA CA", root, s => s.Key = TestPki.RsaKey(2048));
        var md5Leaf = TestPki.Leaf("CN=MD5 Signer", ca, s => s.SignatureAlgorithm = "MD5WITHRSA");
        var material = new ValidationMaterial { Certificates = [ca.Certificate] };
        var validator = Check.Validator(root, Check.Offline);

        var result = await validator.Validate(md5Leaf, material);
        Check.Indeterminate(result, SubIndications.CryptoConstraintsFailure);
        Assert.Contains("MD5", result.Errors[0]);
        Assert.True(result.ChainsToTrustAnchor);

        // The root's own MD5 self-signature is not judged.
        Check.Passed(await validator.Validate(TestPki.Leaf("CN=Signer", ca), material));
    }

    [Fact]
    public async Task SHA1_signatures_warn()
    {
        var root = TestPki.Root("CN=Root", s => s.Key = TestPki.RsaKey(2048));
        var leaf = TestPki.Leaf("CN=Signer", root, s => s.SignatureAlgorithm = "SHA1WITHRSA");
        var result = await Check.Validator(root, Check.Offline).Validate(leaf);
        Check.Passed(result);
        Assert.Contains(result.Warnings, w => w.Contains("SHA-1"));
    }

    [Fact]
    public async Task RSA_keys_below_the_minimum_fail_and_below_2048_bits_warn()
    {
        var root = TestPki.Root("CN=Root", s => s.Key = TestPki.RsaKey(2048));
        var small = TestPki.Leaf("CN=Small", root, s => s.Key = TestPki.RsaKey(512));
        var weak = TestPki.Leaf("CN=Weak", root, s => s.Key = TestPki.RsaKey(1024));
        var validator = Check.Validator(root, Check.Offline);

        var result = await validator.Validate(small);
        Check.Indeterminate(result, SubIndications.CryptoConstraintsFailure);
        Assert.Contains("512-bit", result.Errors[0]);

        var warned = await validator.Validate(weak);
        Check.Passed(warned);
        Assert.Contains(warned.Warnings, w => w.Contains("1024-bit"));

        var strict = Check.Validator(root, new CertificateValidatorOptions { MinimumRsaKeyBits = 2048, FetchRevocation = false, WhenRevocationUnavailable = RevocationPolicy.Accept });
        Check.Indeterminate(await strict.Validate(weak), SubIndications.CryptoConstraintsFailure);
    }

    [Fact]
    public async Task A_small_key_on_an_intermediate_fails_too()
    {
        var root = TestPki.Root("CN=Root");
        var ca = TestPki.Ca("CN=Small CA", root, s => s.Key = TestPki.RsaKey(512));
        var leaf = TestPki.Leaf("CN=Signer", ca);
        var result = await Check.Validator(root, Check.Offline).Validate(leaf, new ValidationMaterial { Certificates = [ca.Certificate] });
        Check.Indeterminate(result, SubIndications.CryptoConstraintsFailure);
        Assert.Contains("Small CA", result.Errors[0]);
    }

    [Fact]
    public async Task The_first_failing_stage_decides_and_every_problem_is_listed()
    {
        var root = TestPki.Root("CN=Root", s => s.Key = TestPki.RsaKey(2048));
        var both = TestPki.Leaf("CN=Both", root, s => { s.SignatureAlgorithm = "MD5WITHRSA"; s.Extra.Add(("1.2.3.4", true, [0x05, 0x00])); });
        var result = await Check.Validator(root, Check.Offline).Validate(both);
        Check.Indeterminate(result, SubIndications.CryptoConstraintsFailure);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("MD5", result.Errors[0]);
        Assert.Contains("1.2.3.4", result.Errors[1]);

        // No chain comes before everything; the other problems are still reported (not the leaf's signature: no issuer checked it).
        var stranger = TestPki.Root("CN=Stranger");
        var untrusted = await Check.Validator(stranger, Check.Offline).Validate(both);
        Check.Indeterminate(untrusted, SubIndications.NoCertificateChainFound);
        Assert.Equal(2, untrusted.Errors.Count);
        Assert.Contains("1.2.3.4", untrusted.Errors[1]);

        // Expired and constrained: constraints decide; the expiry is listed after.
        var expired = TestPki.Leaf("CN=Old", root, s => { s.NotAfter = TestPki.Now.AddDays(-1); s.Extra.Add(("1.2.3.4", true, [0x05, 0x00])); });
        var old = await Check.Validator(root, Check.Offline).Validate(expired);
        Check.Indeterminate(old, SubIndications.ChainConstraintsFailure);
        Assert.Contains(old.Errors, e => e.Contains("expired"));
    }
}
