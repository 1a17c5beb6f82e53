using Gateway.Pdf;
using Gateway.Signing;
using Xunit.Abstractions;
using static Gateway.Validation.Tests.Modifications.TestDocuments;
using static Gateway.Validation.Tests.Modifications.Updates;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// Certification (DocMDP) signatures: P=1 allows only DSS and document time-stamps, P=2 also form filling and
/// signing, P=3 also annotations. Certification attacks (Mainka et al. 2021): the evil annotation and the sneaky
/// signature.
/// </summary>
[Collection(ModificationCollection.Name)]
public sealed class CertificationTests(ModificationFixture fixture, ITestOutputHelper output)
{
    private static byte[] WithEvilAnnotation(byte[] pdf) =>
        Append(pdf, (document, update) => AddAnnotation(document, update, Page1, FreeText(update, "Permit revoked")));

    /// <summary>A signature field with a visible widget over the page text and a signature dictionary, as an attacker writes it.</summary>
    private static byte[] WithSneakySignature(byte[] pdf) => Append(pdf, (document, update) =>
    {
        var signature = update.Add(new PdfDictionary
        {
            ["Type"] = new PdfName("Sig"),
            ["Filter"] = new PdfName("Adobe.PPKLite"),
            ["SubFilter"] = new PdfName("ETSI.CAdES.detached"),
            ["ByteRange"] = Array(new PdfInteger(0), new PdfInteger(0), new PdfInteger(0), new PdfInteger(0)),
            ["Contents"] = new PdfString(new byte[64], hex: true),
        });
        var widget = AddAnnotation(document, update, Page1, new PdfDictionary
        {
            ["Type"] = new PdfName("Annot"),
            ["Subtype"] = new PdfName("Widget"),
            ["FT"] = new PdfName("Sig"),
            ["T"] = PdfString.FromText("Sneaky"),
            ["V"] = signature,
            ["Rect"] = Rect(60, 740, 400, 790),
            ["F"] = new PdfInteger(4),
            ["P"] = Ref(Page1),
            ["AP"] = new PdfDictionary { ["N"] = update.Add(Form("1 1 1 rg 0 0 340 50 re f BT /Helv 18 Tf 5 15 Td (Permit No. 2569/9999) Tj ET", 340, 50)) },
        });
        var form = document.Resolve<PdfDictionary>(document.Catalog.Get("AcroForm"))!.Clone();
        form["Fields"] = new PdfArray(document.Resolve<PdfArray>(form.Get("Fields"))!) { widget };
        update.Replace((PdfReference)document.Catalog.Get("AcroForm")!, form);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_evil_annotation_is_disallowed_below_P3(int permission)
    {
        var certified = await fixture.SignAsync(Base(), certify: permission);
        var analysis = Analysis.Of(WithEvilAnnotation(certified), 1, output);
        Assert.Equal(permission, analysis.DocMdpPermission);
        var modification = Analysis.Disallowed(analysis, ModificationCodes.AnnotationAdded);
        Assert.Equal(ModificationLevel.Annotations, modification.Level);
        Assert.Contains($"P={permission}", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_annotation_is_allowed_at_P3()
    {
        var certified = await fixture.SignAsync(Base(), certify: 3);
        var analysis = Analysis.Of(WithEvilAnnotation(certified), 1, output);
        Analysis.Allowed(analysis, ModificationCodes.AnnotationAdded);
        Assert.True(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.Annotations, analysis.Level);
    }

    [Fact]
    public async Task A_sneaky_signature_is_disallowed_at_P1()
    {
        var certified = await fixture.SignAsync(Base(), certify: 1);
        var analysis = Analysis.Of(WithSneakySignature(certified), 1, output);
        var modification = Analysis.Disallowed(analysis, ModificationCodes.SignatureAdded);
        Assert.Equal("Sneaky", modification.FieldName);
        Assert.All(analysis.Modifications, m => Assert.False(m.Allowed));
    }

    [Fact]
    public async Task A_visible_new_signature_field_is_disallowed_at_P2_unless_the_options_allow_it()
    {
        var certified = await fixture.SignAsync(Base(), certify: 2);
        var sneaky = WithSneakySignature(certified);
        var modification = Analysis.Disallowed(Analysis.Of(sneaky, 1, output), ModificationCodes.SignatureAdded);
        Assert.Contains("visible signature field after a certification", modification.Description, StringComparison.Ordinal);

        var lenient = Analysis.Of(sneaky, 1, output, new ModificationAnalysisOptions { AllowVisibleSignaturesAfterCertification = true });
        Analysis.Allowed(lenient, ModificationCodes.SignatureAdded);
        Assert.False(lenient.HasContentChanges);
    }

    [Fact]
    public async Task A_second_signature_is_allowed_at_P2_and_disallowed_at_P1()
    {
        var certified = await fixture.SignAsync(Base(), certify: 2);
        var cosigned = await fixture.CosignAsync(certified);
        var analysis = Analysis.Of(cosigned, 1, output);
        Analysis.Allowed(analysis, ModificationCodes.SignatureAdded);
        Assert.False(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.FormFilling, analysis.Level);

        // PadesSigner refuses to sign a P=1 document; an attacker's tool does not.
        var locked = await fixture.SignAsync(Base(), certify: 1);
        var e = await Assert.ThrowsAsync<PadesException>(() => fixture.CosignAsync(locked));
        Assert.Equal(PadesException.CertificationForbidsChanges, e.Reason);
        var forced = Append(locked, (document, update) =>
        {
            var signature = update.Add(new PdfDictionary { ["Type"] = new PdfName("Sig"), ["Contents"] = new PdfString(new byte[8], hex: true) });
            var field = update.Add(new PdfDictionary { ["FT"] = new PdfName("Sig"), ["T"] = PdfString.FromText("Forced"), ["V"] = signature });
            var form = document.Resolve<PdfDictionary>(document.Catalog.Get("AcroForm"))!.Clone();
            form["Fields"] = new PdfArray(document.Resolve<PdfArray>(form.Get("Fields"))!) { field };
            update.Replace((PdfReference)document.Catalog.Get("AcroForm")!, form);
        });
        var refused = Analysis.Disallowed(Analysis.Of(forced, 1, output), ModificationCodes.SignatureAdded);
        Assert.Contains("P=1", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_filling_is_allowed_at_P2_and_disallowed_at_P1()
    {
        var p2 = Analysis.Of(FillName(await fixture.SignAsync(Base(), certify: 2), "Somying"), 1, output);
        var filled = Analysis.Allowed(p2, ModificationCodes.FormFilled);
        Assert.Equal("Name", filled.FieldName);
        Assert.True(p2.HasContentChanges);

        var p1 = Analysis.Of(FillName(await fixture.SignAsync(Base(), certify: 1), "Somying"), 1, output);
        Analysis.Disallowed(p1, ModificationCodes.FormFilled);
    }

    [Fact]
    public async Task DSS_and_document_time_stamps_are_allowed_at_P1()
    {
        var lta = await fixture.SignAsync(Base(), certify: 1, level: PadesLevel.BaselineLTA);
        var signed = SignedRevisions.OfSignatures(lta)[0];
        var analysis = Analysis.Of(lta, signed, output);
        Assert.Equal(1, analysis.DocMdpPermission);
        Assert.False(analysis.HasDisallowedChanges, Analysis.Describe(analysis));
        Assert.False(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.LongTermValidation, analysis.Level);
        Assert.Contains(analysis.Modifications, m => m.Code == ModificationCodes.DssUpdated);
        Assert.Contains(analysis.Modifications, m => m.Code == ModificationCodes.DocumentTimeStampAdded);

        // Renewal: another DSS and time-stamp on top are still fine.
        var renewed = await fixture.ExtendAsync(lta, PadesLevel.BaselineLTA);
        var again = Analysis.Of(renewed, signed, output);
        Assert.False(again.HasDisallowedChanges, Analysis.Describe(again));
        Assert.Equal(4, again.Modifications.Count(m => m.Code is ModificationCodes.DssUpdated or ModificationCodes.DocumentTimeStampAdded));
    }

    [Fact]
    public async Task Perms_changed_after_certification_is_disallowed()
    {
        var certified = await fixture.SignAsync(Base(), certify: 1);
        var attacked = Append(certified, (document, update) =>
        {
            var catalog = document.Catalog.Clone();
            catalog["Perms"] = null;
            update.Replace((PdfReference)document.Trailer.Get("Root")!, catalog);
        });
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.CatalogChanged);
        Assert.Contains("/Perms", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_permission_is_the_one_in_effect_at_the_signed_revision()
    {
        // An approval signature, then a (late, invalid) certification: for the first signature the later /Perms is a catalog change.
        var approved = await fixture.SignAsync(Base());
        var certifiedLater = Append(approved, (document, update) =>
        {
            var catalog = document.Catalog.Clone();
            catalog["Perms"] = new PdfDictionary { ["DocMDP"] = update.Add(new PdfDictionary { ["Type"] = new PdfName("Sig") }) };
            update.Replace((PdfReference)document.Trailer.Get("Root")!, catalog);
        });
        var analysis = Analysis.Of(certifiedLater, 1, output);
        Assert.Null(analysis.DocMdpPermission);
        Analysis.Disallowed(analysis, ModificationCodes.CatalogChanged);
        Assert.Equal(2, Analysis.Of(certifiedLater, 2, output).DocMdpPermission);
    }
}
