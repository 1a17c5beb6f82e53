using Gateway.Validation;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>pdf-validate</c>: the PDF signature validator as <c>gw verify pdf --json</c> and <c>VerifyDocument</c> run it
/// (ByteRange, CMS, modification analysis, time-stamps, DSS, path building), offline. It never throws on hostile input.
/// </summary>
internal sealed class PdfValidateTarget(FuzzMaterial material) : IFuzzTarget
{
    private readonly DocumentValidator _validator = material.OfflineValidator();

    public string Name => "pdf-validate";

    public IEnumerable<Seed> Seeds() => SeedSource.Pdfs(material);

    public void Run(byte[] input)
    {
        var report = _validator.ValidatePdfAsync(input).GetAwaiter().GetResult();
        ValidationReportJson.Serialize(ValidationReportJson.ToJson(report));
    }
}
