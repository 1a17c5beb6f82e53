using BenchmarkDotNet.Attributes;
using Gateway.Crypto;
using Gateway.Evidence;

namespace Gateway.Bench;

/// <summary>
/// The receipt code path without the network: JSON + CAdES-B-B seal + embedded time-stamp, and its
/// offline verification, next to a bare ECDSA signature of the same JSON as the baseline.
/// </summary>
[MemoryDiagnoser]
public class ReceiptBenchmarks
{
    private DirectoryInfo _work = null!;
    private FileSigningKey _seal = null!;
    private ReceiptIssuer _issuer = null!;
    private TrustStore _trust = null!;
    private byte[] _receipt = null!;
    private byte[] _hash = null!;
    private ReceiptContent _content = null!;

    [GlobalSetup]
    public void Setup()
    {
        _work = Directory.CreateTempSubdirectory("gw-bench-receipts-");
        var pki = DevPki.Create(_work.FullName);
        _seal = FileSigningKey.LoadPem(pki.SealCertificate, pki.SealKey);
        var tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(pki.TsaCertificate, pki.TsaKey));
        _issuer = new ReceiptIssuer(_seal, tsa);
        _trust = TrustStore.Load(pki.RootsPem);
        _content = BenchReceipt.Content();
        _receipt = _issuer.IssueAsync(_content).GetAwaiter().GetResult().Signed;
        _hash = System.Security.Cryptography.SHA256.HashData(_receipt);
    }

    [GlobalCleanup]
    public void Cleanup() => _work.Delete(recursive: true);

    [Benchmark(Baseline = true)]
    public byte[] BareSignature() => _seal.SignHash(_hash, System.Security.Cryptography.HashAlgorithmName.SHA256);

    [Benchmark]
    public Task<IssuedReceipt> IssueReceipt() => _issuer.IssueAsync(_content with { ReceiptId = ReceiptIssuer.NewId() });

    [Benchmark]
    public bool VerifyReceipt() => ReceiptVerifier.Verify(_receipt, _trust).Valid;
}
