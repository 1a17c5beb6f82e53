using System.Text;
using Gateway.Pdf;
using Xunit.Abstractions;
using static Gateway.Validation.Tests.Modifications.TestDocuments;
using static Gateway.Validation.Tests.Modifications.Updates;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>
/// Shadow attacks (Mainka, Mladenov, Rohlmann 2021): content prepared before signing and switched on after it. Hide:
/// a prepared overlay or a hidden layer made visible; replace: a field's appearance or a font swapped; hide-and-replace:
/// whole objects replaced under the same number. All after an approval signature, which allows annotations and form
/// filling, so each attack must be caught for what it really is.
/// </summary>
[Collection(ModificationCollection.Name)]
public sealed class ShadowAttackTests(ModificationFixture fixture, ITestOutputHelper output)
{
    private async Task<byte[]> SignedAsync() => await fixture.SignAsync(Base());

    [Fact]
    public async Task Hide_a_prepared_overlay_annotation_put_on_the_page()
    {
        // Object 11 (a FreeText saying "Permit revoked") was in the signed file but on no page.
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var page = Clone(document, Page1);
            page["Annots"] = new PdfArray(document.Resolve<PdfArray>(page.Get("Annots"))!) { Ref(Overlay) };
            update.Replace(Ref(Page1), page);
        });
        var analysis = Analysis.Of(attacked, 1, output);
        var modification = Analysis.Disallowed(analysis, ModificationCodes.AnnotationAdded);
        Assert.Equal(Overlay, modification.ObjectNumber);
        Assert.Single(analysis.Modifications);
        Assert.Contains("existed when signed", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hide_an_optional_content_group_switched_on()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var catalog = Clone(document, Catalog);
            catalog["OCProperties"] = new PdfDictionary { ["OCGs"] = Array(Ref(Layer)), ["D"] = new PdfDictionary { ["ON"] = Array(Ref(Layer)) } };
            update.Replace(Ref(Catalog), catalog);
        });
        Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.OptionalContentChanged);
    }

    [Fact]
    public async Task Hide_a_dangling_reference_resolved_after_signing()
    {
        // Page 2 draws /X1, object 500, which the signed file does not define (nothing is drawn); the attacker defines it.
        var attacked = Append(await SignedAsync(), (_, update) =>
            update.Replace(Ref(Dangling), Form("BT /Helv 30 Tf 72 400 Td (Fee: 1,000,000 THB) Tj ET", 595, 842)));
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.DanglingReferenceResolved);
        Assert.Equal(Dangling, modification.ObjectNumber);
        Assert.Contains("/Resources/XObject/X1", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hide_a_dangling_reference_resolved_by_an_allowed_looking_change()
    {
        // The same object 500, defined as the appearance of a new annotation: allowed as an annotation, but page 2 draws it.
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            update.Replace(Ref(Dangling), Form("BT /Helv 30 Tf 72 400 Td (Fee: 1,000,000 THB) Tj ET", 595, 842));
            var annotation = FreeText(update, "note");
            annotation["AP"] = new PdfDictionary { ["N"] = Ref(Dangling) };
            AddAnnotation(document, update, Page1, annotation);
        });
        var analysis = Analysis.Of(attacked, 1, output);
        Analysis.Disallowed(analysis, ModificationCodes.DanglingReferenceResolved);
    }

    [Fact]
    public async Task Replace_a_form_field_appearance_without_its_value()
    {
        // The field still holds "Somchai" but now shows another name.
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var field = Clone(document, NameField);
            field["AP"] = new PdfDictionary { ["N"] = update.Add(Form("/Tx BMC BT /Helv 12 Tf 2 5 Td (Mallory) Tj ET EMC")) };
            update.Replace(Ref(NameField), field);
        });
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.FormFilled);
        Assert.Equal("Name", modification.FieldName);
        Assert.Contains("value did not", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_every_field_appearance_by_asking_viewers_to_redraw_them()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var form = Clone(document, AcroForm);
            form["NeedAppearances"] = PdfBoolean.True;
            update.Replace(Ref(AcroForm), form);
        });
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.FormFieldChanged);
        Assert.Contains("/NeedAppearances", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_a_form_field_appearance_stream_in_place()
    {
        var attacked = Append(await SignedAsync(), (_, update) =>
            update.Replace(Ref(NameAppearance), Form("/Tx BMC BT /Helv 12 Tf 2 5 Td (Mallory) Tj ET EMC")));
        Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.FormFilled);
    }

    [Fact]
    public async Task Replace_an_appearance_stream_shared_with_page_content()
    {
        // The check box's "Yes" appearance is also drawn by page 2; rewriting it while ticking the box changes page 2.
        var shared = Append(Base(), (document, update) =>
        {
            var page = Clone(document, Page2);
            var resources = ((PdfDictionary)page.Get("Resources")!).Clone();
            resources["XObject"] = new PdfDictionary { ["X1"] = Ref(Dangling), ["Tick"] = Ref(AgreeOn) };
            page["Resources"] = resources;
            update.Replace(Ref(Page2), page);
        });
        var signed = await fixture.SignAsync(shared);
        var attacked = Append(signed, (document, update) =>
        {
            var field = Clone(document, AgreeField);
            field["V"] = new PdfName("Yes");
            field["AS"] = new PdfName("Yes");
            update.Replace(Ref(AgreeField), field);
            update.Replace(Ref(AgreeOn), Form("BT /Helv 30 Tf 72 400 Td (APPROVED WITHOUT CONDITIONS) Tj ET", 595, 842));
        });
        var analysis = Analysis.Of(attacked, SignedRevisions.OfSignatures(attacked)[0], output);
        var modification = Analysis.Disallowed(analysis, ModificationCodes.PageResourcesChanged);
        Assert.Equal(AgreeOn, modification.ObjectNumber);
        Assert.Contains("also used", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hide_and_replace_the_page_tree_under_the_same_number()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var page = update.Add(new PdfDictionary
            {
                ["Type"] = PdfName.Page,
                ["Parent"] = Ref(PageTree),
                ["MediaBox"] = Rect(0, 0, 595, 842),
                ["Contents"] = update.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 18 Tf 72 760 Td (Permit No. 2569/0001 - REVOKED) Tj ET"))),
                ["Resources"] = new PdfDictionary { ["Font"] = new PdfDictionary { ["F1"] = Ref(Font) } },
            });
            update.Replace(Ref(PageTree), new PdfDictionary { ["Type"] = PdfName.Pages, ["Kids"] = Array(page, Ref(Page2)), ["Count"] = new PdfInteger(2) });
        });
        var analysis = Analysis.Of(attacked, 1, output);
        Analysis.Disallowed(analysis, ModificationCodes.PageAdded);
        Analysis.Disallowed(analysis, ModificationCodes.PageRemoved);
    }

    [Fact]
    public async Task Hide_and_replace_an_object_of_another_type_under_the_same_number()
    {
        // The content stream becomes an array of content streams: same number, another kind of object.
        var attacked = Append(await SignedAsync(), (_, update) =>
            update.Replace(Ref(Content2), Array(update.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 760 Td (Other) Tj ET"))))));
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.ObjectReplaced);
        Assert.Equal(Content2, modification.ObjectNumber);
    }

    [Fact]
    public async Task Hide_and_replace_an_annotation_by_an_object_of_another_subtype()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var overlay = Clone(document, Overlay);
            overlay["Subtype"] = new PdfName("Stamp");
            update.Replace(Ref(AgreeField), overlay);
        });
        Assert.Equal(AgreeField, Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.ObjectReplaced).ObjectNumber);
    }
}
