using Gateway.Crypto;

namespace Gateway.Validation.Tests;

/// <summary>Our own PAdES signatures, validated with the development PKI trusted and `openssl ocsp` answering.</summary>
public sealed class OwnSignatureTests(ValidationFixture fixture) : IClassFixture<ValidationFixture>
{
    [Theory]
    [InlineData("a-BaselineB", SignatureLevels.PadesBaselineB)]
    [InlineData("a-BaselineT", SignatureLevels.PadesBaselineT)]
    [InlineData("a-BaselineLT", SignatureLevels.PadesBaselineLt)]
    [InlineData("a-BaselineLTA", SignatureLevels.PadesBaselineLta)]
    [InlineData("a-certified-P2", SignatureLevels.PadesBaselineT)]
    public async Task Our_signatures_pass_at_the_level_they_were_made(string name, string level)
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed[name]);

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(level, signature.Level);
        Assert.True(signature.Integrity);
        Assert.False(signature.ModifiedAfterSigning);
        Assert.True(signature.ChainsToTrustAnchor);
        Assert.Equal(LegalTiers.CertificateBased, signature.LegalTier);
        Assert.Contains("agency-a", signature.Signer, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("TOTAL_PASSED", report.Summary);
        Assert.Equal(3, signature.Chain.Count);
        Assert.Equal("GOOD", signature.Chain[0].Revocation);
        Assert.True(signature.Chain[^1].TrustAnchor);
    }

    [Fact]
    public async Task A_time_stamped_signature_proves_when_it_was_made()
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed["a-BaselineT"]);

        var signature = Assert.Single(report.Signatures);
        var stamp = Assert.Single(signature.SignatureTimeStamps);
        Assert.Equal(Indication.TotalPassed, stamp.Indication);
        Assert.Equal(stamp.GenTime, signature.ProvenSigningTime);
        Assert.NotNull(signature.SigningTime);
        Assert.InRange(signature.ProvenSigningTime!.Value - signature.SigningTime!.Value, TimeSpan.FromMinutes(-5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_document_time_stamp_is_reported_apart_from_the_signatures()
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed["a-BaselineLTA"]);

        var stamp = Assert.Single(report.DocumentTimeStamps);
        Assert.Equal(Indication.TotalPassed, stamp.Indication);
        Assert.True(stamp.CoversWholeDocument);
        Assert.False(report.Signatures[0].CoversWholeDocument);
    }

    [Fact]
    public async Task A_signature_without_time_stamp_by_a_since_revoked_signer_is_indeterminate()
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed["b-BaselineB"]);

        var signature = Assert.Single(report.Signatures);
        Assert.Equal(Indication.Indeterminate, signature.Indication);
        Assert.Equal(SubIndications.RevokedNoPoe, signature.SubIndication);
        Assert.True(signature.Integrity);
        Assert.Equal("REVOKED", signature.Chain[0].Revocation);
        Assert.Equal(fixture.RevokedAt, signature.Chain[0].RevocationTime);
        Assert.Equal(LegalTiers.ElectronicSignature, signature.LegalTier);
        Assert.Equal("INDETERMINATE", report.Summary);
    }

    [Fact]
    public async Task A_time_stamp_from_before_the_revocation_keeps_the_signature_valid()
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed["b-BaselineT"]);

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.True(signature.ProvenSigningTime < fixture.RevokedAt);
        Assert.Equal("REVOKED", signature.Chain[0].Revocation);
    }

    [Fact]
    public async Task Offline_a_long_term_signature_carries_its_own_validation_data()
    {
        var offline = fixture.Validator(online: false);

        var lt = Assert.Single((await offline.ValidatePdfAsync(fixture.Signed["a-BaselineLT"])).Signatures);
        var b = Assert.Single((await offline.ValidatePdfAsync(fixture.Signed["a-BaselineB"])).Signatures);

        Assert.True(lt.Indication == Indication.TotalPassed, string.Join("; ", lt.Errors));
        Assert.Equal(Indication.Indeterminate, b.Indication);
        Assert.Equal(SubIndications.TryLater, b.SubIndication);
    }

    [Fact]
    public async Task Without_the_trust_anchor_the_chain_is_not_found()
    {
        var untrusted = new DocumentValidator(new Pkix.CertificateValidator(TrustStore.FromCertificates([])));

        var signature = Assert.Single((await untrusted.ValidatePdfAsync(fixture.Signed["a-BaselineT"])).Signatures);

        Assert.Equal(Indication.Indeterminate, signature.Indication);
        Assert.Equal(SubIndications.NoCertificateChainFound, signature.SubIndication);
        Assert.True(signature.Integrity);
        Assert.Equal(LegalTiers.ElectronicSignature, signature.LegalTier);
    }

    [Fact]
    public async Task A_detached_CAdES_signature_validates_against_its_data_and_not_other_data()
    {
        using var key = FileSigningKey.LoadPem(fixture.Pki.AgencySigningCertificate("agency-a"), fixture.Pki.AgencySigningKey("agency-a"));
        var data = "ใบอนุญาต permit 2569"u8.ToArray();
        var cms = await new CadesSigner(key, fixture.Tsa).SignDetachedAsync([data]);

        var good = Assert.Single((await fixture.Validator().ValidateCmsAsync(cms, data)).Signatures);
        var tampered = Assert.Single((await fixture.Validator().ValidateCmsAsync(cms, data.Append((byte)'!').ToArray())).Signatures);

        Assert.True(good.Indication == Indication.TotalPassed, string.Join("; ", good.Errors));
        Assert.Equal(SignatureLevels.CadesBaselineT, good.Level);
        Assert.Equal(Indication.TotalFailed, tampered.Indication);
        Assert.Equal(SubIndications.HashFailure, tampered.SubIndication);
        Assert.False(tampered.Integrity);
    }

    [Fact]
    public async Task An_attached_CAdES_signature_like_our_receipts_validates_on_its_own()
    {
        using var seal = FileSigningKey.LoadPem(fixture.Pki.SealCertificate, fixture.Pki.SealKey);
        var cms = await new CadesSigner(seal, fixture.Tsa).SignAsync("{\"receipt\":\"ใบรับ\"}"u8.ToArray(), encapsulate: true);

        var signature = Assert.Single((await fixture.Validator().ValidateCmsAsync(cms)).Signatures);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(SignatureLevels.CadesBaselineT, signature.Level);
        Assert.Contains("Seal", signature.Signer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_JSON_report_keeps_its_contract_fields()
    {
        var report = await fixture.Validator().ValidatePdfAsync(fixture.Signed["a-BaselineT"]);

        var json = System.Text.Json.Nodes.JsonNode.Parse(ValidationReportJson.Serialize(ValidationReportJson.ToJson(report)))!;
        var signature = json["signatures"]![0]!;
        Assert.Equal("TOTAL_PASSED", (string?)signature["indication"]);
        Assert.Null((string?)signature["subIndication"]);
        Assert.True((bool)signature["integrity"]!);
        Assert.False((bool)signature["modifiedAfterSigning"]!);
        Assert.Equal(SignatureLevels.PadesBaselineT, (string?)signature["level"]);
        Assert.Contains("agency-a", (string?)signature["signer"], StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)signature["signingTime"]);
    }
}
