using Gateway.Crypto;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <c>tsp</c>: RFC 3161 on both sides. As a token: the stand-alone verifier (checkpoint time-stamps, never throws) and
/// the TSTInfo reader (refuses with <see cref="CryptoFormatException"/>). As a request: the embedded TSA, which
/// answers anything POSTed to /tsa with a TimeStampResp, never an exception.
/// </summary>
internal sealed class TspTarget(FuzzMaterial material) : IFuzzTarget, IDisposable
{
    private readonly FileSigningKey _tsaKey = FileSigningKey.LoadPem(material.Pki.TsaCertificate, material.Pki.TsaKey);
    private EmbeddedTimeStampAuthority? _tsa;

    public string Name => "tsp";

    public IEnumerable<Seed> Seeds() =>
        material.Files(".tst").Concat(material.Files(".tsq")).Select(f => new Seed(Path.GetFileName(f), File.ReadAllBytes(f)))
            .Concat(SeedSource.SignaturesInPdfs(material).Where(s => s.Name.Contains("pades", StringComparison.Ordinal)).Take(20))
            .Concat(SeedSource.Regressions("*.tst"));

    public void Run(byte[] input)
    {
        TimeStampTokenVerifier.Verify(input, FuzzMaterial.SignedData, material.Trust);
        try
        {
            TimeStampTokens.Parse(input);
        }
        catch (CryptoFormatException)
        {
        }
        (_tsa ??= new EmbeddedTimeStampAuthority(_tsaKey)).Respond(input);
    }

    public void Dispose() => _tsaKey.Dispose();
}
