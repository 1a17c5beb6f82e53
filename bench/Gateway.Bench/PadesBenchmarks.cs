using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gateway.Crypto;
using Gateway.Signing;

namespace Gateway.Bench;

/// <summary>
/// PAdES B-B of a 10 MiB one-page PDF (incremental update, CAdES detached, ECDSA P-256 key of the
/// development PKI's agency-a) next to SHA-256 of the same bytes, the floor any signer must pay.
/// The goal: B-B within 2× of the hash.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PadesBenchmarks
{
    public const int SizeMiB = 10;

    private DirectoryInfo _work = null!;
    private FileSigningKey _key = null!;
    private PadesSigner _signer = null!;
    private byte[] _pdf = null!;
    private MemoryStream _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _work = Directory.CreateTempSubdirectory("gw-bench-pades-");
        var pki = DevPki.Create(_work.FullName);
        _key = FileSigningKey.LoadPem(pki.AgencySigningCertificate("agency-a"), pki.AgencySigningKey("agency-a"));
        _signer = new PadesSigner(_key);
        _pdf = BenchPdf.Create(SizeMiB);
        _output = new MemoryStream(_pdf.Length + 1024 * 1024);
        // Fail in setup, not mid-run, if the document cannot be signed.
        _ = _signer.SignAsync(_pdf, new PadesSignatureOptions()).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _work.Delete(recursive: true);
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256() => SHA256.HashData(_pdf);

    /// <summary>Into a stream, as `gw sign pdf` writes its file: the original is copied once, then the update.</summary>
    [Benchmark]
    public async Task<long> PadesBaselineB()
    {
        _output.SetLength(0);
        await _signer.SignAsync(_pdf, _output, new PadesSignatureOptions());
        return _output.Length;
    }

    /// <summary>The byte[] API (gRPC): one more copy of the result.</summary>
    [Benchmark]
    public Task<byte[]> PadesBaselineBToArray() => _signer.SignAsync(_pdf, new PadesSignatureOptions());
}
