using System.Security.Cryptography;
using Gateway.Crypto;
using Gateway.Pdf;
using Xunit.Abstractions;

namespace Gateway.Signing.Tests;

/// <summary>B-LT and B-LTA: what the DSS holds, the document time-stamp, and that other tools still accept every signature.</summary>
public sealed class LongTermValidationTests(LongTermFixture fixture, ITestOutputHelper output) : IClassFixture<LongTermFixture>
{
    private byte[] Permit => File.ReadAllBytes(RepositoryPaths.Sample("permit.pdf"));

    private static PdfDictionary Dss(byte[] pdf)
    {
        var document = PdfDocument.Open(pdf);
        return document.Resolve<PdfDictionary>(document.Catalog.Get("DSS")) ?? throw new Xunit.Sdk.XunitException("no DSS");
    }

    private static int Count(byte[] pdf, string key)
    {
        var document = PdfDocument.Open(pdf);
        return document.Resolve<PdfArray>(Dss(pdf).Get(key))?.Count ?? 0;
    }

    private void AssertExternallyValid(string path, int signatures)
    {
        if (ExternalTool.Require("qpdf", output))
        {
            var check = ExternalTool.Run("qpdf", ["--check", path]);
            Assert.True(check.ExitCode == 0 && !check.StandardOutput.Contains("WARNING"), check.ToString());
        }
        var ours = SignedPdf.All(File.ReadAllBytes(path));
        Assert.Equal(signatures, ours.Count);
        using var pdfsig = PdfSig.Create(fixture.Pki.RootsPem, output);
        if (pdfsig is null) return;
        var found = pdfsig.Verify(path);
        Assert.Equal(signatures, found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            if (((PdfName)ours[i].Signature.Get("SubFilter")!).Value == "ETSI.RFC3161")
            {
                // poppler 22.12 does not verify document time-stamps ("Signature Type: unknown"): openssl ts does.
                AssertTimeStampVerifies(ours[i], $"{Path.GetFileNameWithoutExtension(path)}-{i}");
                continue;
            }
            Assert.True(found[i].Valid, found[i].Text);
            Assert.True(pdfsig.ChainTrusted(path, found[i]), found[i].Text);
        }
    }

    private void AssertTimeStampVerifies(SignedPdf stamp, string name)
    {
        Assert.Equal(SHA256.HashData(stamp.SignedBytes), TimeStampTokens.Parse(stamp.Contents).MessageImprint);
        if (!ExternalTool.RequireOpenSsl(output)) return;
        var token = fixture.Save(name + ".tst", stamp.Contents);
        var data = fixture.Save(name + ".data", stamp.SignedBytes);
        var verify = ExternalTool.RunOpenSsl("ts", "-verify", "-in", token, "-token_in", "-data", data, "-CAfile", fixture.Pki.RootsPem, "-untrusted", fixture.Pki.TsaCertificate);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task B_LT_adds_a_DSS_with_certificates_OCSP_responses_and_a_VRI_entry()
    {
        var signed = await new PadesSigner(fixture.AgencyKey, fixture.Tsa, fixture.LongTerm).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineLT });
        var path = fixture.Save("b-lt.pdf", signed);

        var dss = Dss(signed);
        Assert.True(Count(signed, "Certs") >= 4, "signer, issuing CA, root, TSA (and the OCSP responder)");
        Assert.True(Count(signed, "OCSPs") >= 2, "the signer's and the TSA's certificates are answered by OCSP");
        Assert.True(Count(signed, "CRLs") >= 1, "the issuing CA names only a CRL");
        var vri = PdfDocument.Open(signed).Resolve<PdfDictionary>(dss.Get("VRI"))!;
        var signature = SignedPdf.All(signed).Single();
        Assert.True(vri.ContainsKey(Convert.ToHexString(SHA1.HashData(signature.Contents))), "a VRI entry keyed by the SHA-1 of the signature");
        Assert.True(fixture.Revocation.RequestCount > 0);
        AssertExternallyValid(path, 1);
    }

    [Fact]
    public async Task B_LTA_ends_with_a_document_time_stamp_over_everything_that_openssl_accepts()
    {
        var signed = await new PadesSigner(fixture.AgencyKey, fixture.Tsa, fixture.LongTerm).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineLTA });
        var path = fixture.Save("b-lta.pdf", signed);

        var signatures = SignedPdf.All(signed);
        Assert.Equal(2, signatures.Count);
        var stamp = signatures[1];
        Assert.Equal("ETSI.RFC3161", ((PdfName)stamp.Signature.Get("SubFilter")!).Value);
        Assert.Equal("DocTimeStamp", ((PdfName)stamp.Signature.Get("Type")!).Value);
        Assert.Equal(signed.Length, stamp.ByteRange[2] + stamp.ByteRange[3]);
        AssertExternallyValid(path, 2);
    }

    [Fact]
    public async Task A_B_T_signature_is_extended_later_and_the_archive_time_stamp_renewed()
    {
        var bt = await new PadesSigner(fixture.AgencyKey, fixture.Tsa).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineT });
        var extender = new PadesExtender(fixture.Tsa, fixture.LongTerm);
        var lta = await extender.ExtendAsync(bt, PadesLevel.BaselineLTA);
        var renewed = await extender.ExtendAsync(lta, PadesLevel.BaselineLTA);

        Assert.True(renewed.AsSpan(0, lta.Length).SequenceEqual(lta));
        Assert.Equal(3, SignedPdf.All(renewed).Count);
        // The renewal's DSS covers the first document time-stamp too.
        Assert.True(PdfDocument.Open(renewed).Resolve<PdfDictionary>(Dss(renewed).Get("VRI"))!.Count >= 2);
        AssertExternallyValid(fixture.Save("renewed.pdf", renewed), 3);
    }

    [Fact]
    public async Task Without_revocation_answers_B_LT_is_refused_rather_than_produced_incomplete()
    {
        using var other = new TempFolder("gw-ltv-closed");
        var pki = DevPki.Create(other.File("pki"), new DevPkiOptions { RevocationBaseUrl = $"http://127.0.0.1:{LoopbackPort.Free()}" });
        using var key = FileSigningKey.LoadPem(pki.AgencySigningCertificate("agency-a"), pki.AgencySigningKey("agency-a"));
        var longTerm = new LongTermValidationOptions { Trust = TrustStore.Load(pki.RootsPem), Revocation = new RevocationClient(options: new RevocationClientOptions { Timeout = TimeSpan.FromSeconds(2) }) };
        var e = await Assert.ThrowsAsync<PadesException>(() => new PadesSigner(key, fixture.Tsa, longTerm).SignAsync(Permit, new PadesSignatureOptions { Level = PadesLevel.BaselineLT }));
        Assert.Equal(PadesException.RevocationRequired, e.Reason);
    }
}
