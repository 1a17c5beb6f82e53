using Gateway.Pdf;

namespace Gateway.Validation.Internal;

/// <summary>Finds the streams of a PDF's Document Security Store (ETSI EN 319 142-1 §5.4.2): /Certs, /OCSPs, /CRLs and the same under /VRI.</summary>
internal static class DssReader
{
    public enum Kind { Certificate, Ocsp, Crl }

    private const int MaxEntries = 10_000;

    /// <summary>The DSS streams the catalog of <paramref name="revision"/> reaches, each once; empty when there is no DSS.</summary>
    public static List<(Kind Kind, PdfStream Stream)> Streams(PdfDocument document, int revision)
    {
        var found = new List<(Kind, PdfStream)>();
        var catalog = CatalogAt(document, revision);
        if (catalog is null || ResolveAt(document, catalog.Get("DSS"), revision) is not PdfDictionary dss) return found;
        var seen = new HashSet<PdfStream>(ReferenceEqualityComparer.Instance);
        void Collect(PdfDictionary holder, string key, Kind kind)
        {
            if (ResolveAt(document, holder.Get(key), revision) is not PdfArray array) return;
            foreach (var item in array.Take(MaxEntries))
                if (ResolveAt(document, item, revision) is PdfStream stream && seen.Add(stream)) found.Add((kind, stream));
        }

        void CollectAll(PdfDictionary holder)
        {
            Collect(holder, "Certs", Kind.Certificate);
            Collect(holder, "Cert", Kind.Certificate);
            Collect(holder, "OCSPs", Kind.Ocsp);
            Collect(holder, "OCSP", Kind.Ocsp);
            Collect(holder, "CRLs", Kind.Crl);
            Collect(holder, "CRL", Kind.Crl);
        }

        CollectAll(dss);
        if (ResolveAt(document, dss.Get("VRI"), revision) is PdfDictionary vri)
        {
            foreach (var (_, value) in vri.Take(MaxEntries))
                if (ResolveAt(document, value, revision) is PdfDictionary entry) CollectAll(entry);
        }

        return found;
    }

    /// <summary>The catalog as revision <paramref name="revision"/> saw it.</summary>
    public static PdfDictionary? CatalogAt(PdfDocument document, int revision) =>
        document.Revisions[revision].Trailer.Get("Root") is PdfReference root ? document.GetObject(root.Number, revision) as PdfDictionary : null;

    private static PdfObject? ResolveAt(PdfDocument document, PdfObject? obj, int revision)
    {
        for (var hops = 0; obj is PdfReference reference && hops < 32; hops++) obj = document.GetObject(reference.Number, revision);
        return obj is PdfReference ? null : obj;
    }
}
