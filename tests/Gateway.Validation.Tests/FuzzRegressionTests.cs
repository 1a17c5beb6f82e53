using Gateway.Crypto;
using Gateway.Pkix;

namespace Gateway.Validation.Tests;

/// <summary>
/// Inputs the fuzz harnesses (fuzz/README.md) showed to break the validator's promise to answer every file with a
/// report. Each file is in testdata/fuzz.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly DocumentValidator Validator = new(
        new CertificateValidator(TrustStore.FromCertificates([]), null, new CertificateValidatorOptions { FetchRevocation = false }));

    private static byte[] Input(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", name));

    /// <summary>A signature dictionary whose /Reference names an object the reader cannot parse (its xref entry points into garbage).</summary>
    [Fact]
    public async Task An_unreadable_Reference_is_not_a_certification_and_not_an_exception()
    {
        var report = await Validator.ValidatePdfAsync(Input("reference-unreadable.pdf"));
        var signature = Assert.Single(report.Signatures);
        Assert.False(signature.Certification);
        Assert.NotEqual(Indication.TotalPassed, signature.Indication);
    }

    /// <summary>
    /// A document time-stamp whose token carries a certificate BouncyCastle reads and the platform does not (one name
    /// attribute's tag 0x13 turned into 0x93). AFL found it in pdf-validate; this file is the same fault in a token of ours.
    /// </summary>
    [Fact]
    public async Task A_time_stamp_certificate_the_platform_cannot_read_is_left_out_not_thrown()
    {
        var report = await Validator.ValidatePdfAsync(Input("timestamp-certificate-unreadable.pdf"));
        var stamp = Assert.Single(report.DocumentTimeStamps);
        Assert.NotEqual(Indication.TotalPassed, stamp.Indication);
    }

    /// <summary>
    /// The same fault on the CMS path (VerifyDocument with a signature): AFL found it in cms with a corpus signature;
    /// this is a receipt of ours whose signature time-stamp carries the TSA certificate with that one tag changed.
    /// </summary>
    [Fact]
    public async Task A_signature_time_stamp_certificate_the_platform_cannot_read_is_left_out_not_thrown()
    {
        var report = await Validator.ValidateCmsAsync(Input("receipt-tsa-certificate-unreadable.p7s"));
        var signature = Assert.Single(report.Signatures);
        Assert.Single(signature.SignatureTimeStamps);
    }
}
