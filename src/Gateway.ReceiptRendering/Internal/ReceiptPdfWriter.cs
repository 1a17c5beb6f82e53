using System.Security.Cryptography;
using System.Text;
using Gateway.Pdf;
using Gateway.Pdf.Fonts;
using Gateway.Signing.Internal;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// Assembles the composed pages into a new PDF: the two embedded fonts, one page per content stream, the original
/// receipt as an associated file (PDF/A-3 style: /EmbeddedFiles name tree and catalog /AF, /AFRelationship /Source,
/// MIME application/pkcs7-mime), XMP metadata declaring PDF/A-3B with the same title and dates as /Info, and an sRGB
/// output intent when an ICC profile is given.
/// </summary>
internal static class ReceiptPdfWriter
{
    public sealed record Attachment(string FileName, byte[] Bytes, string Description);

    public static byte[] Write(PageComposer composer, Attachment attachment, string title, DateTimeOffset created, byte[]? iccProfile)
    {
        var file = new PdfFileBuilder();
        var fonts = new PdfDictionary
        {
            [PageComposer.RegularName] = composer.Regular.Write(file),
            [PageComposer.BoldName] = composer.Bold.Write(file),
        };
        var resources = new PdfDictionary { ["Font"] = fonts };

        var pagesRef = file.Reserve();
        var kids = new PdfArray();
        foreach (var content in composer.Pages)
        {
            var stream = new PdfStream(new PdfDictionary { [PdfName.Filter] = PdfName.FlateDecode },
                Type0FontWriter.Deflate(Encoding.ASCII.GetBytes(content.ToString())));
            kids.Add(file.Add(new PdfDictionary
            {
                [PdfName.Type] = PdfName.Page,
                [PdfName.Parent] = pagesRef,
                [PdfName.MediaBox] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfReal(PageComposer.PageWidth), new PdfReal(PageComposer.PageHeight)]),
                [PdfName.Resources] = resources,
                [PdfName.Contents] = file.Add(stream),
            }));
        }
        file.Set(pagesRef, new PdfDictionary
        {
            [PdfName.Type] = PdfName.Pages,
            [PdfName.Kids] = kids,
            [PdfName.Count] = new PdfInteger(kids.Count),
        });

        var date = PdfString.FromText(PdfDate.Format(created));
        var fileSpec = file.Add(FileSpecification(file, attachment, date));
        var catalog = new PdfDictionary
        {
            [PdfName.Type] = PdfName.Catalog,
            [PdfName.Pages] = pagesRef,
            ["Lang"] = PdfString.FromText("th-TH"),
            ["Names"] = new PdfDictionary
            {
                ["EmbeddedFiles"] = new PdfDictionary { ["Names"] = new PdfArray([PdfString.FromText(attachment.FileName), fileSpec]) },
            },
            ["AF"] = new PdfArray([fileSpec]),
            ["ViewerPreferences"] = new PdfDictionary { ["DisplayDocTitle"] = PdfBoolean.True },
            ["Metadata"] = file.Add(Xmp(title, created)),
        };
        if (iccProfile is not null)
        {
            var profile = file.Add(new PdfStream(new PdfDictionary
            {
                ["N"] = new PdfInteger(3),
                [PdfName.Filter] = PdfName.FlateDecode,
            }, Type0FontWriter.Deflate(iccProfile)));
            catalog["OutputIntents"] = new PdfArray([new PdfDictionary
            {
                [PdfName.Type] = new PdfName("OutputIntent"),
                ["S"] = new PdfName("GTS_PDFA1"),
                ["OutputConditionIdentifier"] = PdfString.FromText("sRGB IEC61966-2.1"),
                ["Info"] = PdfString.FromText("sRGB IEC61966-2.1"),
                ["DestOutputProfile"] = profile,
            }]);
        }
        var info = file.Add(new PdfDictionary
        {
            ["Title"] = PdfString.FromText(title),
            ["Producer"] = PdfString.FromText(Producer),
            ["CreationDate"] = date,
            ["ModDate"] = date,
        });
        return file.ToArray(file.Add(catalog), info);
    }

    private const string Producer = "Gateway receipt renderer";
    private const char Bom = '\uFEFF';

    private static PdfDictionary FileSpecification(PdfFileBuilder file, Attachment attachment, PdfString date)
    {
        var embedded = file.Add(new PdfStream(new PdfDictionary
        {
            [PdfName.Type] = new PdfName("EmbeddedFile"),
            [PdfName.Subtype] = new PdfName("application/pkcs7-mime"),
            [PdfName.Filter] = PdfName.FlateDecode,
            ["Params"] = new PdfDictionary
            {
                ["Size"] = new PdfInteger(attachment.Bytes.Length),
                ["CheckSum"] = new PdfString(MD5.HashData(attachment.Bytes), hex: true),
                ["ModDate"] = date,
            },
        }, Type0FontWriter.Deflate(attachment.Bytes)));
        var name = PdfString.FromText(attachment.FileName);
        return new PdfDictionary
        {
            [PdfName.Type] = new PdfName("Filespec"),
            ["F"] = name,
            ["UF"] = name,
            ["Desc"] = PdfString.FromText(attachment.Description),
            ["AFRelationship"] = new PdfName("Source"),
            ["EF"] = new PdfDictionary { ["F"] = embedded, ["UF"] = embedded },
        };
    }

    /// <summary>XMP (ISO 16684-1) with the PDF/A identification; uncompressed, so that metadata readers find it.</summary>
    private static PdfStream Xmp(string title, DateTimeOffset created)
    {
        var when = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var escaped = System.Security.SecurityElement.Escape(title);
        var xml = $"""
            <?xpacket begin="{Bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escaped}</rdf:li></rdf:Alt></dc:title>
               <xmp:CreateDate>{when}</xmp:CreateDate>
               <xmp:ModifyDate>{when}</xmp:ModifyDate>
               <xmp:MetadataDate>{when}</xmp:MetadataDate>
               <pdf:Producer>{Producer}</pdf:Producer>
               <pdfaid:part>3</pdfaid:part>
               <pdfaid:conformance>B</pdfaid:conformance>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
        return new PdfStream(new PdfDictionary
        {
            [PdfName.Type] = new PdfName("Metadata"),
            [PdfName.Subtype] = new PdfName("XML"),
        }, Encoding.UTF8.GetBytes(xml));
    }
}
