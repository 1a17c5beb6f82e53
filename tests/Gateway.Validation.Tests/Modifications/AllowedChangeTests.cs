using System.IO.Compression;
using Gateway.Pdf;
using Gateway.Signing;
using Xunit.Abstractions;
using static Gateway.Validation.Tests.Modifications.TestDocuments;
using static Gateway.Validation.Tests.Modifications.Updates;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>What may happen after an approval signature: more signatures, DSS and time-stamps, metadata, form filling, annotations, no-op rewrites.</summary>
[Collection(ModificationCollection.Name)]
public sealed class AllowedChangeTests(ModificationFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_second_signature_is_allowed_and_is_not_a_content_change()
    {
        var cosigned = await fixture.CosignAsync(await fixture.SignAsync(Base()));
        var analysis = Analysis.Of(cosigned, 1, output);
        var signature = Analysis.Allowed(analysis, ModificationCodes.SignatureAdded);
        Assert.Equal(2, signature.Revision);
        Assert.Equal(ModificationLevel.FormFilling, analysis.Level);
        Assert.False(analysis.HasContentChanges);
    }

    [Fact]
    public async Task A_visible_second_signature_is_allowed_after_an_approval_signature()
    {
        if (!File.Exists(VisibleSignature.DefaultFontPath)) return;
        var cosigned = await fixture.CosignAsync(await fixture.SignAsync(Base()), new VisibleSignature { PageIndex = 1 });
        var analysis = Analysis.Of(cosigned, 1, output);
        Assert.Contains("visible", Analysis.Allowed(analysis, ModificationCodes.SignatureAdded).Description, StringComparison.Ordinal);
        Assert.False(analysis.HasContentChanges);
    }

    [Fact]
    public async Task B_LTA_extension_is_allowed_and_is_not_a_content_change()
    {
        var lta = await fixture.SignAsync(Base(), level: PadesLevel.BaselineLTA);
        var analysis = Analysis.OfFirstSignature(lta, output);
        Assert.False(analysis.HasDisallowedChanges, Analysis.Describe(analysis));
        Assert.False(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.LongTermValidation, analysis.Level);
        Assert.Equal([ModificationCodes.DssUpdated, ModificationCodes.DocumentTimeStampAdded], analysis.Modifications.Select(m => m.Code));
    }

    [Fact]
    public async Task Form_filling_is_allowed_after_an_approval_signature()
    {
        var signed = await fixture.SignAsync(Base());
        var analysis = Analysis.Of(FillName(signed, "Somying"), 1, output);
        Assert.Equal("Name", Analysis.Allowed(analysis, ModificationCodes.FormFilled).FieldName);
        Assert.True(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.FormFilling, analysis.Level);

        // Ticking the check box: /V on the field, /AS on the widget.
        var ticked = Append(signed, (document, update) =>
        {
            var field = Clone(document, AgreeField);
            field["V"] = new PdfName("Yes");
            field["AS"] = new PdfName("Yes");
            update.Replace(Ref(AgreeField), field);
        });
        Assert.Equal("Agree", Analysis.Allowed(Analysis.Of(ticked, 1, output), ModificationCodes.FormFilled).FieldName);
    }

    [Fact]
    public async Task A_field_locked_by_FieldMDP_may_not_be_filled()
    {
        var signed = await fixture.SignAsync(Base());
        // The lock has to be in the signed revision: it is added to the signed field, and that revision is analysed.
        var locked = Append(signed, (document, update) =>
        {
            var fields = document.Resolve<PdfArray>(document.Resolve<PdfDictionary>(document.Catalog.Get("AcroForm"))!.Get("Fields"))!;
            var signatureField = (PdfReference)fields[^1];
            var field = Clone(document, signatureField.Number);
            field["Lock"] = new PdfDictionary { ["Type"] = new PdfName("SigFieldLock"), ["Action"] = new PdfName("Include"), ["Fields"] = Array(PdfString.FromText("Name")) };
            update.Replace(signatureField, field);
        });
        var name = Analysis.Of(FillName(locked, "Somying"), 2, output);
        var refused = Analysis.Disallowed(name, ModificationCodes.LockedFieldChanged);
        Assert.Equal("Name", refused.FieldName);
        Assert.Equal(ModificationLevel.FormFilling, refused.Level);

        var ticked = Append(locked, (document, update) =>
        {
            var field = Clone(document, AgreeField);
            field["V"] = new PdfName("Yes");
            field["AS"] = new PdfName("Yes");
            update.Replace(Ref(AgreeField), field);
        });
        Analysis.Allowed(Analysis.Of(ticked, 2, output), ModificationCodes.FormFilled);
    }

    [Fact]
    public async Task An_annotation_is_allowed_after_an_approval_signature()
    {
        var annotated = Append(await fixture.SignAsync(Base()), (document, update) => AddAnnotation(document, update, Page2, FreeText(update, "Checked")));
        var analysis = Analysis.Of(annotated, 1, output);
        Analysis.Allowed(analysis, ModificationCodes.AnnotationAdded);
        Assert.True(analysis.HasContentChanges);
        Assert.Equal(ModificationLevel.Annotations, analysis.Level);
    }

    [Fact]
    public async Task Changing_and_removing_annotations_are_annotation_changes()
    {
        var annotated = Append(await fixture.SignAsync(Base()), (document, update) => AddAnnotation(document, update, Page2, FreeText(update, "Checked")));
        var note = ((PdfArray)PdfDocument.Open(annotated).Resolve<PdfDictionary>(Ref(Page2))!.Get("Annots")!)[0] as PdfReference;
        var edited = Append(annotated, (document, update) =>
        {
            var annotation = Clone(document, note!.Number);
            annotation["Contents"] = PdfString.FromText("Checked twice");
            update.Replace(note, annotation);
        });
        Analysis.Allowed(Analysis.Of(edited, 2, output), ModificationCodes.AnnotationChanged);
        var removed = Append(edited, (document, update) =>
        {
            var page = Clone(document, Page2);
            page["Annots"] = null;
            update.Replace(Ref(Page2), page);
        });
        Analysis.Allowed(Analysis.Of(removed, 3, output), ModificationCodes.AnnotationRemoved);
    }

    [Fact]
    public async Task Document_metadata_may_be_updated()
    {
        var updated = Append(await fixture.SignAsync(Base()), (document, update) =>
        {
            var info = Clone(document, Info);
            info["ModDate"] = PdfString.FromText("D:20261126120000Z");
            update.Replace(Ref(Info), info);
            var catalog = Clone(document, Catalog);
            catalog["Metadata"] = update.Add(new PdfStream(new PdfDictionary { ["Type"] = new PdfName("Metadata"), ["Subtype"] = new PdfName("XML") },
                System.Text.Encoding.UTF8.GetBytes("<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/><?xpacket end=\"w\"?>")));
            update.Replace(Ref(Catalog), catalog);
        });
        var analysis = Analysis.Of(updated, 1, output);
        Assert.False(analysis.HasDisallowedChanges, Analysis.Describe(analysis));
        Assert.False(analysis.HasContentChanges);
        Assert.Equal(2, analysis.Modifications.Count(m => m.Code == ModificationCodes.MetadataUpdated));

        var broken = Append(await fixture.SignAsync(Base()), (document, update) =>
        {
            var catalog = Clone(document, Catalog);
            catalog["Metadata"] = update.Add(new PdfStream(new PdfDictionary(), System.Text.Encoding.UTF8.GetBytes("<x:xmpmeta")));
            update.Replace(Ref(Catalog), catalog);
        });
        Analysis.Disallowed(Analysis.Of(broken, 1, output), ModificationCodes.CatalogChanged);
    }

    [Fact]
    public async Task Objects_rewritten_identically_are_not_changes()
    {
        var signed = await fixture.SignAsync(Base());
        var rewritten = Append(signed, (document, update) =>
        {
            foreach (var number in new[] { Catalog, PageTree, Page2, Content2, Font, NameField, NameAppearance, Overlay, Info })
                update.Replace(Ref(number), document.GetObject(number)!);
            // The same content compressed differently is the same content.
            var content = (PdfStream)document.GetObject(Content1)!;
            update.Replace(Ref(Content1), new PdfStream(content.Dictionary.Clone(), Deflate(Page1Text, CompressionLevel.SmallestSize)));
        });
        Assert.NotEqual(((PdfStream)PdfDocument.Open(signed).GetObject(Content1)!).EncodedData, ((PdfStream)PdfDocument.Open(rewritten).GetObject(Content1)!).EncodedData);
        var analysis = Analysis.Of(rewritten, 1, output);
        Assert.Empty(analysis.Modifications);
        Assert.Equal(ModificationLevel.None, analysis.Level);
    }

    [Fact]
    public async Task Unused_new_objects_are_allowed()
    {
        var padded = Append(await fixture.SignAsync(Base()), (_, update) =>
        {
            var a = update.Add(new PdfDictionary { ["Note"] = PdfString.FromText("left over") });
            update.Add(new PdfArray([a]));
        });
        var analysis = Analysis.Of(padded, 1, output);
        Analysis.Allowed(analysis, ModificationCodes.UnusedObjectsAdded);
        Assert.False(analysis.HasContentChanges);
    }
}
