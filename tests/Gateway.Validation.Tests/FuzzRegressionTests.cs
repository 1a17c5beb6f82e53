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
}
