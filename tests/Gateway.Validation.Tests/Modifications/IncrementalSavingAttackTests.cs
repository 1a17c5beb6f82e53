using System.Text;
using Gateway.Pdf;
using Xunit.Abstractions;
using static Gateway.Validation.Tests.Modifications.TestDocuments;
using static Gateway.Validation.Tests.Modifications.Updates;

namespace Gateway.Validation.Tests.Modifications;

/// <summary>Incremental saving attacks: the signed content itself changed in a later revision, after an approval signature.</summary>
[Collection(ModificationCollection.Name)]
public sealed class IncrementalSavingAttackTests(ModificationFixture fixture, ITestOutputHelper output)
{
    private async Task<byte[]> SignedAsync() => await fixture.SignAsync(Base());

    [Fact]
    public async Task A_signed_document_with_nothing_after_it_has_no_modifications()
    {
        var signed = await SignedAsync();
        var analysis = Analysis.Of(signed, 1, output);
        Assert.Empty(analysis.Modifications);
        Assert.Equal(ModificationLevel.None, analysis.Level);
        Assert.False(analysis.HasContentChanges);
        Assert.Null(analysis.DocMdpPermission);
        // From the unsigned original, the signature itself is the change.
        Analysis.Allowed(Analysis.Of(signed, 0, output), ModificationCodes.SignatureAdded);
    }

    [Fact]
    public async Task A_changed_page_content_stream_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (_, update) =>
            update.Replace(Ref(Content1), new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 18 Tf 72 760 Td (Permit No. 2569/9999) Tj ET"))));
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.PageContentChanged);
        Assert.Equal(Content1, modification.ObjectNumber);
        Assert.Equal(2, modification.Revision);
        Assert.Equal(ModificationLevel.Other, modification.Level);
    }

    [Fact]
    public async Task A_page_pointing_to_new_content_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var page = Clone(document, Page1);
            page["Contents"] = Array(Ref(Content1), update.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 30 Tf 72 400 Td (VOID) Tj ET"))));
            update.Replace(Ref(Page1), page);
        });
        var analysis = Analysis.Of(attacked, 1, output);
        Assert.Equal(Page1, Analysis.Disallowed(analysis, ModificationCodes.PageContentChanged).ObjectNumber);
        // The new content stream belongs to that change, not to a second report.
        Assert.DoesNotContain(analysis.Modifications, m => m.Code is ModificationCodes.ObjectAdded or ModificationCodes.UnusedObjectsAdded);
    }

    [Fact]
    public async Task A_new_page_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var page = update.Add(new PdfDictionary
            {
                ["Type"] = PdfName.Page,
                ["Parent"] = Ref(PageTree),
                ["MediaBox"] = Rect(0, 0, 595, 842),
                ["Contents"] = update.Add(new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 760 Td (Annex: fee waived) Tj ET"))),
                ["Resources"] = new PdfDictionary { ["Font"] = new PdfDictionary { ["F1"] = Ref(Font) } },
            });
            var tree = Clone(document, PageTree);
            tree["Kids"] = Array(Ref(Page1), Ref(Page2), page);
            tree["Count"] = new PdfInteger(3);
            update.Replace(Ref(PageTree), tree);
        });
        var analysis = Analysis.Of(attacked, 1, output);
        var added = Analysis.Disallowed(analysis, ModificationCodes.PageAdded);
        Assert.Contains("page 3", added.Description, StringComparison.Ordinal);
        Assert.All(analysis.Modifications, m => Assert.False(m.Allowed));
    }

    [Fact]
    public async Task A_removed_page_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var tree = Clone(document, PageTree);
            tree["Kids"] = Array(Ref(Page1));
            tree["Count"] = new PdfInteger(1);
            update.Replace(Ref(PageTree), tree);
        });
        Assert.Equal(Page2, Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.PageRemoved).ObjectNumber);
    }

    [Fact]
    public async Task Reordered_pages_are_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var tree = Clone(document, PageTree);
            tree["Kids"] = Array(Ref(Page2), Ref(Page1));
            update.Replace(Ref(PageTree), tree);
        });
        Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.PageTreeChanged);
    }

    [Fact]
    public async Task A_replaced_font_in_the_page_resources_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var page = Clone(document, Page1);
            var resources = ((PdfDictionary)page.Get("Resources")!).Clone();
            resources["Font"] = new PdfDictionary { ["F1"] = update.Add(new PdfDictionary { ["Type"] = new PdfName("Font"), ["Subtype"] = new PdfName("Type1"), ["BaseFont"] = new PdfName("Symbol") }) };
            page["Resources"] = resources;
            update.Replace(Ref(Page1), page);
        });
        Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.PageResourcesChanged);
    }

    [Fact]
    public async Task A_font_object_rewritten_in_place_is_disallowed_and_named_after_its_use()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var font = Clone(document, Font);
            font["BaseFont"] = new PdfName("Courier");
            update.Replace(Ref(Font), font);
        });
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.PageResourcesChanged);
        Assert.Equal(Font, modification.ObjectNumber);
        Assert.Contains("/Resources/Font/F1", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_freed_object_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (_, update) => update.Free(Ref(Content2)));
        Assert.Equal(Content2, Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.ObjectDeleted).ObjectNumber);
    }

    [Fact]
    public async Task A_catalog_open_action_is_disallowed()
    {
        var attacked = Append(await SignedAsync(), (document, update) =>
        {
            var catalog = Clone(document, Catalog);
            catalog["OpenAction"] = new PdfDictionary { ["S"] = new PdfName("JavaScript"), ["JS"] = PdfString.FromText("app.alert('hi')") };
            update.Replace(Ref(Catalog), catalog);
        });
        var modification = Analysis.Disallowed(Analysis.Of(attacked, 1, output), ModificationCodes.CatalogChanged);
        Assert.Contains("/OpenAction", modification.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_later_revision_is_judged_on_its_own()
    {
        // The content is changed and then changed back: the end result equals the signed content, the history does not.
        var signed = await SignedAsync();
        var changed = Append(signed, (_, update) => update.Replace(Ref(Content2), new PdfStream(new PdfDictionary(), Encoding.ASCII.GetBytes("BT /F1 12 Tf 72 760 Td (Changed) Tj ET"))));
        var restored = Append(changed, (document, update) => update.Replace(Ref(Content2), document.GetObject(Content2, 1)!));
        var analysis = Analysis.Of(restored, 1, output);
        Assert.True(analysis.HasDisallowedChanges);
        Assert.Equal([2, 3], analysis.Modifications.Select(m => m.Revision));
        Assert.All(analysis.Modifications, m => Assert.Equal((ModificationCodes.PageContentChanged, Content2, false), (m.Code, m.ObjectNumber, m.Allowed)));
    }
}
