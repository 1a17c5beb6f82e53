using Gateway.Crypto;

namespace Gateway.Pkix.Tests;

public sealed class TimeValidationTests
{
    private static readonly DateTimeOffset Poe = TestPki.Now.AddYears(-1).AddMonths(-6);

    /// <summary>A leaf that lived from two years ago until a year ago.</summary>
    private static Chain3 ExpiredLeaf() => Chain3.Make(leaf: s => { s.NotBefore = TestPki.Now.AddYears(-2); s.NotAfter = TestPki.Now.AddYears(-1); });

    /// <summary>CRLs from both CAs, current at <paramref name="at"/>, revoking nothing.</summary>
    private static ValidationMaterial CrlsAt(Chain3 pki, DateTimeOffset at) => new()
    {
        Certificates = [pki.Ca.Certificate],
        Crls = [TestRevocation.Crl(pki.Ca, at.AddHours(-1), at.AddDays(7)), TestRevocation.Crl(pki.Root, at.AddHours(-1), at.AddDays(7))],
    };

    [Fact]
    public async Task An_expired_leaf_without_a_proof_of_existence_is_out_of_bounds()
    {
        var pki = ExpiredLeaf();
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.CertificatesOnly());
        Check.Indeterminate(result, SubIndications.OutOfBoundsNoPoe);
        Assert.Contains("expired", result.Errors[0]);
        Assert.True(result.ChainsToTrustAnchor);
        Assert.Equal(TestPki.Now, result.ValidatedAt);
    }

    [Fact]
    public async Task An_expired_leaf_that_current_revocation_data_still_covers_is_out_of_bounds_not_revoked()
    {
        var pki = ExpiredLeaf();
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.GoodMaterial());
        Check.Indeterminate(result, SubIndications.OutOfBoundsNotRevoked);
        Assert.Single(result.Errors);
    }

    [Fact]
    public async Task An_expired_leaf_passes_at_a_proof_of_existence_inside_its_validity()
    {
        var pki = ExpiredLeaf();
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, CrlsAt(pki, Poe), poe: Poe);
        Check.Passed(result);
        Assert.Equal(Poe, result.ValidatedAt);
        Assert.Contains(result.Warnings, w => w.Contains("expired") && w.Contains("proof of existence"));
        Assert.Equal(RevocationCheckStatus.Good, result.Chain[0].Revocation.Status);
    }

    [Fact]
    public async Task Revocation_data_issued_after_the_proof_of_existence_proves_it_too()
    {
        var pki = ExpiredLeaf();
        // One CRL issued today, which still lists nothing: the leaf was not revoked when the proof was made.
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.GoodMaterial(), poe: Poe);
        Check.Passed(result);
        Assert.Equal(Poe, result.ValidatedAt);
    }

    [Fact]
    public async Task A_proof_of_existence_without_revocation_data_for_its_time_is_try_later()
    {
        var pki = ExpiredLeaf();
        // CRLs that were current two years before the proof say nothing about it.
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, CrlsAt(pki, Poe.AddYears(-2)), poe: Poe);
        Check.Indeterminate(result, SubIndications.TryLater);
        Assert.Equal(Poe, result.ValidatedAt);
        Assert.Contains("too old", result.Chain[0].Revocation.Detail);

        var accepted = await Check.Validator(pki.Root, new CertificateValidatorOptions { FetchRevocation = false, WhenRevocationUnavailable = RevocationPolicy.Accept })
            .Validate(pki.Leaf, pki.CertificatesOnly(), poe: Poe);
        Check.Passed(accepted);
        Assert.Equal(RevocationCheckStatus.Unavailable, accepted.Chain[0].Revocation.Status);
    }

    [Fact]
    public async Task A_proof_of_existence_after_expiry_does_not_help()
    {
        var pki = ExpiredLeaf();
        var late = TestPki.Now.AddMonths(-6);
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, CrlsAt(pki, late), poe: late);
        Check.Indeterminate(result, SubIndications.OutOfBoundsNotRevoked);
        Assert.Equal(late, result.ValidatedAt);

        var bare = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.CertificatesOnly(), poe: late);
        Check.Indeterminate(bare, SubIndications.OutOfBoundsNoPoe);
    }

    [Fact]
    public async Task A_leaf_not_yet_valid_fails_totally()
    {
        var pki = Chain3.Make(leaf: s => { s.NotBefore = TestPki.Now.AddDays(1); s.NotAfter = TestPki.Now.AddYears(1); });
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, pki.GoodMaterial());
        Check.Failed(result, Indication.TotalFailed, SubIndications.NotYetValid);
    }

    [Fact]
    public async Task A_proof_of_existence_before_the_leaf_was_issued_fails_totally()
    {
        var pki = ExpiredLeaf();
        var early = TestPki.Now.AddYears(-3);
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, CrlsAt(pki, early), poe: early);
        Check.Failed(result, Indication.TotalFailed, SubIndications.NotYetValid);
        Assert.Equal(early, result.ValidatedAt);
    }

    [Fact]
    public async Task An_expired_intermediate_needs_a_proof_of_existence_too()
    {
        var root = TestPki.Root("CN=Root");
        var ca = TestPki.Ca("CN=Old CA", root, s => { s.NotBefore = TestPki.Now.AddYears(-4); s.NotAfter = TestPki.Now.AddYears(-1); });
        var leaf = TestPki.Leaf("CN=Signer", ca, s => { s.NotBefore = TestPki.Now.AddYears(-3); s.NotAfter = TestPki.Now.AddYears(1); });
        var at = Poe;
        var material = new ValidationMaterial
        {
            Certificates = [ca.Certificate],
            Crls = [TestRevocation.Crl(ca, at.AddHours(-1), at.AddDays(7)), TestRevocation.Crl(root, at.AddHours(-1), at.AddDays(7))],
        };

        var result = await Check.Validator(root).Validate(leaf, material);
        Check.Indeterminate(result, SubIndications.OutOfBoundsNoPoe);
        Assert.Contains("Old CA", result.Errors[0]);

        var past = await Check.Validator(root).Validate(leaf, material, poe: at);
        Check.Passed(past);
        Assert.Equal(at, past.ValidatedAt);
    }

    [Fact]
    public async Task An_intermediate_not_yet_valid_is_out_of_bounds_and_an_expired_anchor_too()
    {
        var root = TestPki.Root("CN=Root");
        var young = TestPki.Ca("CN=Young CA", root, s => { s.NotBefore = TestPki.Now.AddDays(1); s.NotAfter = TestPki.Now.AddYears(2); });
        var leaf = TestPki.Leaf("CN=Signer", young);
        var result = await Check.Validator(root, Check.Offline).Validate(leaf, new ValidationMaterial { Certificates = [young.Certificate] });
        Check.Indeterminate(result, SubIndications.OutOfBoundsNoPoe);

        var oldRoot = TestPki.Root("CN=Old Root", s => { s.NotBefore = TestPki.Now.AddYears(-10); s.NotAfter = TestPki.Now.AddDays(-1); });
        var signer = TestPki.Leaf("CN=Signer", oldRoot, s => s.NotAfter = TestPki.Now.AddDays(-2));
        var expired = await Check.Validator(oldRoot, Check.Offline).Validate(signer);
        Check.Indeterminate(expired, SubIndications.OutOfBoundsNoPoe);
        Check.Passed(await Check.Validator(oldRoot, Check.Offline).Validate(signer, poe: TestPki.Now.AddMonths(-1)));
    }

    [Fact]
    public async Task A_validation_time_in_the_past_judges_validity_then()
    {
        var pki = ExpiredLeaf();
        var then = TestPki.Now.AddYears(-1).AddMonths(-1);
        var result = await Check.Validator(pki.Root).Validate(pki.Leaf, CrlsAt(pki, then), at: then);
        Check.Passed(result);
        Assert.Equal(then, result.ValidatedAt);
    }
}
