using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;

namespace Gateway.Crypto.Tests;

[Collection(PkiCollection.Name)]
public sealed class CadesTests(PkiFixture pki)
{
    private static readonly byte[] Receipt = Encoding.UTF8.GetBytes("{\"receipt\":\"R-0001\",\"document\":\"DOC-42\",\"status\":\"delivered\"}");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Seal_signature_with_time_stamp_round_trips(bool encapsulate)
    {
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate);
        var result = CadesVerifier.Verify(cms, pki.Trust, encapsulate ? null : (ReadOnlyMemory<byte>?)Receipt, requireTimeStamp: true);
        Assert.True(result.Valid, string.Join("; ", result.Errors));
        Assert.Equal(Indication.TotalPassed, result.Indication);
        Assert.Null(result.SubIndication);
        Assert.Empty(result.Errors);
        Assert.Contains("message-digest", result.Checks);
        Assert.Contains("signature value", result.Checks);
        Assert.Contains("signing-certificate-v2", result.Checks);
        Assert.Contains(result.Checks, c => c.StartsWith("signature time-stamp", StringComparison.Ordinal));
        Assert.Contains(result.Checks, c => c.StartsWith("certificate chain to trust anchor", StringComparison.Ordinal) && c.Contains("revocation not checked"));
        Assert.NotNull(result.SignatureTimeStamp);
        Assert.Equal(pki.TsaKey.Certificate, result.TimeStampAuthorityCertificate);
        Assert.Equal(pki.Seal.Certificate, result.SignerCertificate);
        if (encapsulate)
        {
            Assert.Equal(Receipt, result.Content);
        }
        else
        {
            Assert.Null(result.Content);
        }
    }

    [Fact]
    public async Task Rsa_key_from_pkcs12_signs_and_verifies()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = TestCertificates.Issue(pki.Layout, "CN=Test RSA signer, O=Gateway Tests, C=TH", rsa, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), X509KeyUsageFlags.NonRepudiation);
        using var key = TestCertificates.ToPkcs12Key(pki.Layout, certificate, pki.NewTempDirectory());
        Assert.Equal(KeyAlgorithm.Rsa, key.Algorithm);
        Assert.Single(key.Chain);

        foreach (var hash in new[] { HashAlgorithmName.SHA256, HashAlgorithmName.SHA512 })
        {
            var cms = await new CadesSigner(key, pki.Tsa, hash).SignAsync(Receipt, encapsulate: true);
            var result = CadesVerifier.Verify(cms, pki.Trust, requireTimeStamp: true);
            Assert.True(result.Valid, string.Join("; ", result.Errors));
        }
    }

    [Fact]
    public async Task Signature_without_time_stamp_is_B_B()
    {
        var cms = await new CadesSigner(pki.Seal, null).SignAsync(Receipt, encapsulate: true);
        var result = CadesVerifier.Verify(cms, pki.Trust);
        Assert.True(result.Valid, string.Join("; ", result.Errors));
        Assert.Null(result.SignatureTimeStamp);

        var required = CadesVerifier.Verify(cms, pki.Trust, requireTimeStamp: true);
        Assert.Equal(Indication.Indeterminate, required.Indication);
        Assert.Equal("SIG_CONSTRAINTS_FAILURE", required.SubIndication);
    }

    [Fact]
    public async Task Signed_attributes_are_exactly_content_type_message_digest_and_signing_certificate_v2()
    {
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: true);
        var signer = new CmsSignedData(cms).GetSignerInfos().GetSigners().Single();
        var types = signer.SignedAttributes.ToAttributes().GetAttributes().Select(a => a.AttrType.Id).Order().ToList();
        Assert.Equal(new[] { "1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4" }.Order(), types);
        Assert.Null(signer.SignedAttributes[PkcsObjectIdentifiers.Pkcs9AtSigningTime]);

        var v2 = Org.BouncyCastle.Asn1.Ess.SigningCertificateV2.GetInstance(signer.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificateV2].AttrValues[0]);
        var certId = Assert.Single(v2.GetCerts());
        Assert.Equal("2.16.840.1.101.3.4.2.1", certId.HashAlgorithm.Algorithm.Id);
        Assert.Equal(SHA256.HashData(pki.Seal.Certificate.RawData), certId.GetCertHash());
        Assert.NotNull(certId.IssuerSerial);

        var unsigned = signer.UnsignedAttributes.ToAttributes().GetAttributes();
        Assert.Equal("1.2.840.113549.1.9.16.2.14", Assert.Single(unsigned).AttrType.Id);
        var token = unsigned[0].AttrValues[0].ToAsn1Object().GetEncoded();
        Assert.Equal(SHA256.HashData(signer.GetSignature()), TimeStampTokens.Parse(token).MessageImprint);

        // The certificates are the signer's and its chain, without the root.
        var carried = new CmsSignedData(cms).GetCertificates().EnumerateMatches(null).Select(c => c.SubjectDN.ToString()).ToList();
        Assert.Equal(2, carried.Count);
    }

    [Fact]
    public async Task Changed_content_is_a_hash_failure()
    {
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: false);
        var changed = (byte[])Receipt.Clone();
        changed[5] ^= 0x01;
        var result = CadesVerifier.Verify(cms, pki.Trust, changed);
        Assert.Equal(Indication.TotalFailed, result.Indication);
        Assert.Equal("HASH_FAILURE", result.SubIndication);
        Assert.NotEmpty(result.Errors);

        var attached = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: true);
        var index = attached.AsSpan().IndexOf(Receipt);
        attached[index + 3] ^= 0x01;
        Assert.Equal("HASH_FAILURE", CadesVerifier.Verify(attached, pki.Trust).SubIndication);
    }

    [Fact]
    public async Task Detached_signature_without_content_is_signed_data_not_found()
    {
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: false);
        var result = CadesVerifier.Verify(cms, pki.Trust);
        Assert.Equal(Indication.Indeterminate, result.Indication);
        Assert.Equal("SIGNED_DATA_NOT_FOUND", result.SubIndication);
    }

    [Fact]
    public async Task Changed_signature_value_is_a_crypto_failure()
    {
        var cms = await new CadesSigner(pki.Seal, null).SignAsync(Receipt, encapsulate: true);
        var signature = new CmsSignedData(cms).GetSignerInfos().GetSigners().Single().GetSignature();
        var index = cms.AsSpan().IndexOf(signature);
        cms[index + signature.Length - 2] ^= 0x01;
        var result = CadesVerifier.Verify(cms, pki.Trust);
        Assert.Equal(Indication.TotalFailed, result.Indication);
        Assert.Equal("SIG_CRYPTO_FAILURE", result.SubIndication);
    }

    [Fact]
    public async Task Wrong_trust_root_is_no_certificate_chain_found()
    {
        using var otherRoot = new CertificateRequest("CN=Other Root", ECDsa.Create(), HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: true);
        var result = CadesVerifier.Verify(cms, TrustStore.FromCertificates([otherRoot]));
        Assert.Equal(Indication.Indeterminate, result.Indication);
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", result.SubIndication);
        Assert.False(result.Valid);
    }

    [Fact]
    public async Task Time_stamp_over_other_data_is_refused()
    {
        var signer = new CadesSigner(pki.Seal, new WrongImprintSource(pki.Tsa));
        var error = await Assert.ThrowsAsync<TimeStampException>(() => signer.SignAsync(Receipt, true));
        Assert.Equal("TSA_BAD_RESPONSE", error.Reason);
    }

    [Fact]
    public async Task Expired_signer_certificate_passes_with_time_stamp_from_its_validity_period()
    {
        var now = DateTimeOffset.UtcNow;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = TestCertificates.Issue(pki.Layout, "CN=Expired signer, O=Gateway Tests, C=TH", ecdsa, now.AddMinutes(-50), now.AddMinutes(-10), X509KeyUsageFlags.DigitalSignature);
        using var key = TestCertificates.ToPkcs12Key(pki.Layout, certificate, pki.NewTempDirectory());
        var pastTsa = new EmbeddedTimeStampAuthority(pki.TsaKey, clock: new FixedClock(now.AddMinutes(-30)));

        var stamped = await new CadesSigner(key, pastTsa).SignAsync(Receipt, encapsulate: true);
        var result = CadesVerifier.Verify(stamped, pki.Trust, requireTimeStamp: true);
        Assert.True(result.Valid, string.Join("; ", result.Errors));
        Assert.Equal(now.AddMinutes(-30).ToUnixTimeSeconds(), result.SignatureTimeStamp!.GenTime.ToUnixTimeSeconds());

        var bare = await new CadesSigner(key, null).SignAsync(Receipt, encapsulate: true);
        var bareResult = CadesVerifier.Verify(bare, pki.Trust);
        Assert.Equal(Indication.Indeterminate, bareResult.Indication);
        Assert.Equal("OUT_OF_BOUNDS_NO_POE", bareResult.SubIndication);

        // An explicit validation time inside the validity period works without a time-stamp too.
        Assert.True(CadesVerifier.Verify(bare, pki.Trust, validationTime: now.AddMinutes(-20)).Valid);
    }

    [Fact]
    public async Task Signer_without_signature_key_usage_is_refused()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = TestCertificates.Issue(pki.Layout, "CN=Key encipherment only, O=Gateway Tests, C=TH", rsa, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), X509KeyUsageFlags.KeyEncipherment);
        using var key = TestCertificates.ToPkcs12Key(pki.Layout, certificate, pki.NewTempDirectory());
        var cms = await new CadesSigner(key, null).SignAsync(Receipt, encapsulate: true);
        var result = CadesVerifier.Verify(cms, pki.Trust);
        Assert.Equal("CHAIN_CONSTRAINTS_FAILURE", result.SubIndication);
    }

    [Fact]
    public void Embedded_tsa_refuses_a_key_without_time_stamping_eku()
    {
        // The seal certificate lacks id-kp-timeStamping: tokens signed with it would fail RFC 3161 §2.3 checks.
        Assert.Throws<ArgumentException>(() => new EmbeddedTimeStampAuthority(pki.Seal));
    }

    [Fact]
    public void Malformed_input_is_a_format_failure()
    {
        foreach (var garbage in new[] { Array.Empty<byte>(), [0x30], [0x30, 0x00], [0x04, 0x01, 0x00], RandomNumberGenerator.GetBytes(300) })
        {
            var result = CadesVerifier.Verify(garbage, pki.Trust);
            Assert.Equal(Indication.TotalFailed, result.Indication);
            Assert.Equal("FORMAT_FAILURE", result.SubIndication);
        }
    }

    [Fact]
    public async Task Trailing_bytes_are_a_format_failure()
    {
        var cms = await new CadesSigner(pki.Seal, null).SignAsync(Receipt, encapsulate: true);
        var result = CadesVerifier.Verify([.. cms, 0x00], pki.Trust);
        Assert.Equal("FORMAT_FAILURE", result.SubIndication);
    }

    [Fact]
    public async Task No_flipped_byte_anywhere_in_a_receipt_verifies()
    {
        var cms = await new CadesSigner(pki.Seal, pki.Tsa).SignAsync(Receipt, encapsulate: true);
        Assert.True(CadesVerifier.Verify(cms, pki.Trust, requireTimeStamp: true).Valid);

        var valid = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Two flips per position: all bits (0xFF) and the lowest bit (0x01, which keeps BER booleans true).
        foreach (var mask in new byte[] { 0xFF, 0x01 })
        {
            Parallel.For(0, cms.Length, i =>
            {
                var copy = (byte[])cms.Clone();
                copy[i] ^= mask;
                // requireTimeStamp: a flip in the time-stamp attribute's type would otherwise leave a valid B-B signature.
                var result = CadesVerifier.Verify(copy, pki.Trust, requireTimeStamp: true);
                if (result.Valid)
                {
                    valid.Add($"offset {i} mask {mask:X2}");
                }
            });
        }

        Assert.Empty(valid.Order());
    }

    private sealed class WrongImprintSource(EmbeddedTimeStampAuthority tsa) : ITimeStampSource
    {
        public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default) =>
            Task.FromResult(tsa.Issue(SHA256.HashData("other"u8), HashAlgorithmName.SHA256));
    }
}
