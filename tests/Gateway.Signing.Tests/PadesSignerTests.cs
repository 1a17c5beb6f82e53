using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

public sealed class PadesSignerTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    private void AssertQpdfClean(string path) => ExternalChecks.AssertQpdfClean(path, output);

    private void AssertPdfSigValid(string path, int expected) => ExternalChecks.AssertPdfSigValid(fixture.Pki.RootsPem, path, expected, output);

    [Fact]
    public async Task A_baseline_B_signature_is_valid_for_pdfsig_qpdf_openssl_and_us()
    {
        var original = fixture.Permit;
        var signed = await new PadesSigner(fixture.AgencyKey).SignAsync(original, new PadesSignatureOptions { Reason = "อนุญาต", Location = "กรุงเทพมหานคร" });
        var path = fixture.Save("b-b.pdf", signed);

        Assert.True(signed.AsSpan(0, original.Length).SequenceEqual(original), "the original bytes changed");
        AssertQpdfClean(path);
        AssertPdfSigValid(path, 1);

        var signature = SignedPdf.All(signed).Single();
        Assert.Equal(0, signature.ByteRange[0]);
        Assert.Equal(signed.Length, signature.ByteRange[2] + signature.ByteRange[3]);
        Assert.Equal("ETSI.CAdES.detached", ((PdfName)signature.Signature.Get("SubFilter")!).Value);
        var verdict = CadesVerifier.Verify(signature.Contents, fixture.Trust, signature.SignedBytes);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));

        // No waste: the placeholder is within a few dozen bytes of the CMS.
        var capacity = (signature.ByteRange[2] - signature.ByteRange[1] - 2) / 2;
        Assert.InRange(capacity - signature.Contents.Length, 0, 80);

        if (!ExternalTool.RequireOpenSsl(output)) return;
        var cms = fixture.Save("b-b.p7s", signature.Contents);
        var content = fixture.Save("b-b.content", signature.SignedBytes);
        var result = ExternalTool.RunOpenSsl("cms", "-verify", "-binary", "-inform", "DER", "-in", cms, "-content", content, "-CAfile", fixture.Pki.RootsPem,
            "-purpose", "any", "-out", fixture.Folder.File("b-b.out"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_second_signature_keeps_the_first_valid()
    {
        var once = await new PadesSigner(fixture.AgencyKey, fixture.Tsa).SignAsync(fixture.Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT });
        var twice = await new PadesSigner(fixture.OtherKey, fixture.Tsa).SignAsync(once, new PadesSignatureOptions { Level = PadesLevel.BaselineT });
        var path = fixture.Save("two.pdf", twice);

        Assert.True(twice.AsSpan(0, once.Length).SequenceEqual(once));
        AssertQpdfClean(path);
        AssertPdfSigValid(path, 2);
        var signatures = SignedPdf.All(twice);
        Assert.Equal(2, signatures.Count);
        foreach (var signature in signatures)
        {
            var verdict = CadesVerifier.Verify(signature.Contents, fixture.Trust, signature.SignedBytes, requireTimeStamp: true);
            Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        }
        Assert.Equal(2, PdfDocument.Open(twice).Revisions.Count - PdfDocument.Open(fixture.Permit).Revisions.Count);
    }

    [Fact]
    public async Task A_certified_document_accepts_further_signatures_only_as_its_permissions_say()
    {
        var certified = await new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, new PadesSignatureOptions { CertifyPermissions = 2 });
        var document = PdfDocument.Open(certified);
        Assert.NotNull(document.Resolve<PdfDictionary>(document.Resolve<PdfDictionary>(document.Catalog.Get("Perms"))?.Get("DocMDP")));
        AssertPdfSigValid(fixture.Save("certified.pdf", certified), 1);

        var cosigned = await new PadesSigner(fixture.OtherKey).SignAsync(certified, new PadesSignatureOptions());
        AssertPdfSigValid(fixture.Save("certified-cosigned.pdf", cosigned), 2);

        var locked = await new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, new PadesSignatureOptions { CertifyPermissions = 1 });
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.OtherKey).SignAsync(locked, new PadesSignatureOptions()));
        Assert.Equal(PadesException.CertificationForbidsChanges, e.Reason);
        var late = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.OtherKey).SignAsync(cosigned, new PadesSignatureOptions { CertifyPermissions = 2 }));
        Assert.Equal(PadesException.CertificationNotFirst, late.Reason);
    }

    [Fact]
    public async Task Garbage_is_refused_with_a_reason()
    {
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.AgencyKey).SignAsync("not a pdf"u8.ToArray(), new PadesSignatureOptions()));
        Assert.Equal(PadesException.NotAPdf, e.Reason);
    }

    [Fact]
    public async Task Levels_above_B_need_a_time_stamp_authority()
    {
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(fixture.AgencyKey).SignAsync(fixture.Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT }));
        Assert.Equal(PadesException.TimeStampRequired, e.Reason);
    }
}

/// <summary>Key types and digests other than the development PKI's ECDSA P-256 / SHA-256.</summary>
public sealed class PadesAlgorithmTests(SigningFixture fixture, ITestOutputHelper output) : IClassFixture<SigningFixture>
{
    public static TheoryData<string, string> Cases => new()
    {
        { "RSA-3072", "SHA256" },
        { "RSA-PSS-2048", "SHA256" },
        { "RSA-PSS-3072", "SHA384" },
        { "RSA-2048", "SHA512" },
        { "P-384", "SHA384" },
        { "P-256", "SHA512" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Signatures_with_other_keys_and_digests_are_valid(string keyType, string digest)
    {
        var pss = keyType.StartsWith("RSA-PSS", StringComparison.Ordinal);
        var (cert, key) = fixture.IssueSigner(pss ? keyType.Replace("PSS-", "") : keyType);
        using var signingKey = FileSigningKey.LoadPem(cert, key);
        var signed = await new PadesSigner(signingKey, fixture.Tsa).SignAsync(fixture.Permit,
            new PadesSignatureOptions { Level = PadesLevel.BaselineT, DigestAlgorithm = new System.Security.Cryptography.HashAlgorithmName(digest), RsaPss = pss });
        var path = fixture.Save($"{keyType}-{digest}.pdf", signed);

        var signature = SignedPdf.All(signed).Single();
        var verdict = CadesVerifier.Verify(signature.Contents, fixture.Trust, signature.SignedBytes, requireTimeStamp: true);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
        if (pss && ExternalTool.RequireOpenSsl(output))
        {
            var cms = fixture.Save($"{keyType}.p7s", signature.Contents);
            var content = fixture.Save($"{keyType}.content", signature.SignedBytes);
            var result = ExternalTool.RunOpenSsl("cms", "-verify", "-binary", "-inform", "DER", "-in", cms, "-content", content, "-CAfile", fixture.Pki.RootsPem,
                "-purpose", "any", "-out", fixture.Folder.File($"{keyType}.out"));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("1.2.840.113549.1.1.10", ExternalTool.RunOpenSsl("cms", "-cmsout", "-print", "-inform", "DER", "-in", cms).StandardOutput.Replace("rsassaPss", "1.2.840.113549.1.1.10"));
        }
        using var pdfsig = PdfSig.Create(fixture.Pki.RootsPem, output);
        if (pdfsig is null) return;
        var found = pdfsig.Verify(path).Single();
        Assert.True(found.Valid, found.Text);
        Assert.True(pdfsig.ChainTrusted(path, found), found.Text);
    }
}
