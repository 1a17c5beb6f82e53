using System.Text;
using Gateway.Crypto;
using Gateway.Evidence;

namespace Gateway.Evidence.Tests;

public sealed class PkiFixture : IDisposable
{
    public PkiFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("gw-evidence-").FullName;
        Pki = DevPki.Create(Directory);
        Seal = FileSigningKey.LoadPem(Pki.SealCertificate, Pki.SealKey);
        Tsa = new EmbeddedTimeStampAuthority(FileSigningKey.LoadPem(Pki.TsaCertificate, Pki.TsaKey));
        Trust = TrustStore.Load(Pki.RootsPem);
        Issuer = new ReceiptIssuer(Seal, Tsa);
    }

    public string Directory { get; }
    public DevPkiLayout Pki { get; }
    public FileSigningKey Seal { get; }
    public EmbeddedTimeStampAuthority Tsa { get; }
    public TrustStore Trust { get; }
    public ReceiptIssuer Issuer { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class ReceiptIssuerTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    [Fact]
    public async Task An_issued_receipt_verifies_and_carries_its_content_and_time_stamp()
    {
        var content = ReceiptJsonTests.Sample();
        var issued = await pki.Issuer.IssueAsync(content);

        Assert.NotNull(issued.TimeStampTime);
        var verdict = ReceiptVerifier.Verify(issued.Signed, pki.Trust);
        Assert.True(verdict.Valid, string.Join("; ", verdict.AllErrors));
        Assert.Equal(Indication.TotalPassed, verdict.Indication);
        Assert.Equal(issued.Json, verdict.Json);
        Assert.Equal(content.ReceiptId, verdict.Content!.ReceiptId);
        Assert.Equal(issued.TimeStampTime, verdict.Signature.SignatureTimeStamp!.GenTime);

        var parsed = ReceiptVerifier.Parse(issued.Signed)!;
        Assert.Equal(issued.Json, parsed.Json);
        Assert.Equal(issued.TimeStampTime, parsed.TimeStampTime);
    }

    [Fact]
    public async Task A_receipt_with_one_changed_content_byte_is_invalid()
    {
        var issued = await pki.Issuer.IssueAsync(ReceiptJsonTests.Sample());
        var bytes = issued.Signed.ToArray();
        bytes[bytes.AsSpan().IndexOf("\"agency-b\""u8) + 8] ^= 0x01;
        var verdict = ReceiptVerifier.Verify(bytes, pki.Trust);
        Assert.False(verdict.Valid);
        Assert.NotEqual(Indication.TotalPassed, verdict.Indication);
    }

    [Fact]
    public async Task A_genuine_signature_over_something_that_is_not_a_receipt_is_invalid()
    {
        var signer = new CadesSigner(pki.Seal, pki.Tsa);
        var notReceipt = await signer.SignAsync(Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"), encapsulate: true);
        var verdict = ReceiptVerifier.Verify(notReceipt, pki.Trust);
        Assert.True(verdict.Signature.Valid);
        Assert.False(verdict.Valid);
        Assert.Equal("FORMAT_FAILURE", verdict.SubIndication);
    }

    [Fact]
    public async Task A_receipt_without_a_time_stamp_is_invalid()
    {
        var signer = new CadesSigner(pki.Seal, timeStamps: null);
        var json = (await pki.Issuer.IssueAsync(ReceiptJsonTests.Sample())).Json;
        var untimed = await signer.SignAsync(Encoding.UTF8.GetBytes(json), encapsulate: true);
        Assert.False(ReceiptVerifier.Verify(untimed, pki.Trust).Valid);
    }

    [Fact]
    public async Task A_receipt_signed_by_a_trusted_key_that_is_not_a_seal_is_invalid()
    {
        // An agency's signing certificate chains to the same root and the TSA is public: without the
        // seal check, this forgery would pass.
        using var agencyKey = FileSigningKey.LoadPem(pki.Pki.AgencySigningCertificate("agency-a"), pki.Pki.AgencySigningKey("agency-a"));
        var forger = new ReceiptIssuer(agencyKey, pki.Tsa);
        var forged = await forger.IssueAsync(ReceiptJsonTests.Sample());

        var verdict = ReceiptVerifier.Verify(forged.Signed, pki.Trust);
        Assert.True(verdict.Signature.Valid);
        Assert.False(verdict.Valid);
        Assert.Equal("SIG_CONSTRAINTS_FAILURE", verdict.SubIndication);

        // Accepted only when that very certificate is named as a seal.
        var pinned = new ReceiptVerifierOptions { SealCertificates = [Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(agencyKey.Certificate.RawData))] };
        Assert.True(ReceiptVerifier.Verify(forged.Signed, pki.Trust, pinned).Valid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void Garbage_is_invalid_and_never_throws(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        Assert.False(ReceiptVerifier.Verify(bytes, pki.Trust).Valid);
        Assert.Null(ReceiptVerifier.Parse(bytes));
    }

    [Fact]
    public async Task Truncated_receipts_are_invalid_and_never_throw()
    {
        var signed = (await pki.Issuer.IssueAsync(ReceiptJsonTests.Sample())).Signed;
        for (var length = 0; length < signed.Length; length += 97)
            Assert.False(ReceiptVerifier.Verify(signed.AsSpan(0, length), pki.Trust).Valid);
    }
}
