using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Validation;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>cms</c>: the CAdES verifier, the receipt verifier and parser (<c>gw verify receipt</c>, <c>VerifyReceipt</c>),
/// and the validator's CMS path (<c>VerifyDocument</c> with a signature), each encapsulated and detached. All of them
/// answer malformed input with a verdict, never an exception; <see cref="ReceiptVerifier.Parse"/> with null.
/// </summary>
internal sealed class CmsTarget(FuzzMaterial material) : IFuzzTarget
{
    private readonly DocumentValidator _validator = material.OfflineValidator();

    public string Name => "cms";

    public IEnumerable<Seed> Seeds() =>
        material.Files(".p7s").Select(f => new Seed(Path.GetFileName(f), File.ReadAllBytes(f)))
            .Concat(SeedSource.SignaturesInPdfs(material))
            .Concat(SeedSource.Regressions("*.p7s"));

    public void Run(byte[] input)
    {
        CadesVerifier.Verify(input, material.Trust, validationTime: FuzzMaterial.ValidationTime);
        CadesVerifier.Verify(input, material.Trust, FuzzMaterial.SignedData, validationTime: FuzzMaterial.ValidationTime);
        ReceiptVerifier.Verify(input, material.Trust);
        ReceiptVerifier.Parse(input);
        _validator.ValidateCmsAsync(input).GetAwaiter().GetResult();
        _validator.ValidateCmsAsync(input, FuzzMaterial.SignedData).GetAwaiter().GetResult();
    }
}
