using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Pdf;
using Org.BouncyCastle.Ocsp;

namespace Gateway.Signing.Internal;

/// <summary>
/// B-LT: a Document Security Store (ETSI EN 319 142-1 §5.4) with every certificate, OCSP response and
/// CRL needed to validate each signature and time-stamp of the document, and a VRI entry per
/// signature. An existing DSS is kept and extended.
/// </summary>
internal sealed class DssWriter(LongTermValidationOptions options, TimeProvider clock)
{
    private sealed class Material
    {
        public readonly Dictionary<string, (byte[] Der, PdfReference? Ref)> Certs = new();
        public readonly Dictionary<string, (byte[] Der, PdfReference? Ref)> Ocsps = new();
        public readonly Dictionary<string, (byte[] Der, PdfReference? Ref)> Crls = new();
    }

    public async Task AppendAsync(PdfDocument document, Stream output, CancellationToken ct)
    {
        var signatures = PdfSignatureFields.Find(document)
            .Where(s => s.Signature?.Get("Contents") is not null)
            .Select(s => (document.Resolve(s.Signature!.Get("Contents")) as PdfString)?.Bytes)
            .OfType<byte[]>()
            .ToList();
        if (signatures.Count == 0) throw new PadesException(PadesException.NoSignatures, "the document has no signature to gather validation data for");

        var update = new PdfIncrementalUpdate(document);
        var all = new Material();
        var vri = new PdfDictionary();
        var now = clock.GetUtcNow();
        foreach (var contents in signatures)
        {
            var cms = CmsMaterial.Read(contents);
            var mine = new Material();
            foreach (var certificate in cms.Certificates)
            {
                foreach (var element in await ChainAsync(certificate, cms.Certificates, mine, ct).ConfigureAwait(false))
                    Add(mine.Certs, element.RawData);
            }
            Merge(mine, all);
            var entry = new PdfDictionary
            {
                ["Cert"] = References(update, mine.Certs, all.Certs),
                ["OCSP"] = References(update, mine.Ocsps, all.Ocsps),
                ["CRL"] = References(update, mine.Crls, all.Crls),
                ["TU"] = PdfString.FromText(PdfDate.Format(now)),
            };
            // ETSI EN 319 142-1 §5.4.2.2: the key is the SHA-1 of the signature's /Contents value.
            vri[Convert.ToHexString(SHA1.HashData(cms.Der))] = entry;
        }

        var existing = document.Resolve<PdfDictionary>(document.Catalog.Get("DSS"));
        var dss = new PdfDictionary { ["Type"] = new PdfName("DSS") };
        dss["Certs"] = Combined(document, update, existing?.Get("Certs"), all.Certs);
        dss["OCSPs"] = Combined(document, update, existing?.Get("OCSPs"), all.Ocsps);
        dss["CRLs"] = Combined(document, update, existing?.Get("CRLs"), all.Crls);
        var oldVri = document.Resolve<PdfDictionary>(existing?.Get("VRI"));
        if (oldVri is not null)
            foreach (var (key, value) in oldVri)
                if (!vri.ContainsKey(key.Value)) vri[key.Value] = value;
        dss["VRI"] = vri;

        var catalog = document.Catalog.Clone();
        catalog["DSS"] = update.Add(dss);
        update.Replace((PdfReference)document.Trailer.Get("Root")!, catalog);
        update.WriteTo(output);
    }

    /// <summary>The certificate's chain to a trust anchor, with revocation answers for every non-root element.</summary>
    private async Task<IReadOnlyList<X509Certificate2>> ChainAsync(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> carried, Material into, CancellationToken ct)
    {
        using var chain = options.Trust.CreateChain(carried);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        if (!chain.Build(certificate))
        {
            var why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            throw new PadesException(PadesException.ChainIncomplete, $"no chain from '{certificate.Subject}' to a trust anchor: {why}");
        }
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            if (IsOcspNoCheck(elements[i])) continue;
            RevocationEvidence evidence;
            try
            {
                evidence = await options.Revocation.GetAsync(elements[i], elements[i + 1], ct).ConfigureAwait(false);
            }
            catch (RevocationException e)
            {
                throw new PadesException(PadesException.RevocationRequired, $"no revocation information for '{elements[i].Subject}': {e.Reason}", e);
            }
            if (evidence.OcspResponse is { } ocsp)
            {
                Add(into.Ocsps, ocsp);
                foreach (var responder in OcspCertificates(ocsp)) Add(into.Certs, responder);
            }
            if (evidence.Crl is { } crl) Add(into.Crls, crl);
        }
        return elements;
    }

    /// <summary>id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): the responder's own status is not to be checked.</summary>
    private static bool IsOcspNoCheck(X509Certificate2 certificate) => certificate.Extensions["1.3.6.1.5.5.7.48.1.5"] is not null;

    private static IEnumerable<byte[]> OcspCertificates(byte[] response)
    {
        var basic = new OcspResp(response).GetResponseObject() as BasicOcspResp;
        return basic?.GetCerts().Select(c => c.GetEncoded()) ?? [];
    }

    private static void Add(Dictionary<string, (byte[] Der, PdfReference? Ref)> set, byte[] der) =>
        set.TryAdd(Convert.ToHexString(SHA256.HashData(der)), (der, null));

    private static void Merge(Material from, Material into)
    {
        foreach (var (k, v) in from.Certs) into.Certs.TryAdd(k, v);
        foreach (var (k, v) in from.Ocsps) into.Ocsps.TryAdd(k, v);
        foreach (var (k, v) in from.Crls) into.Crls.TryAdd(k, v);
    }

    /// <summary>References to this signature's items, each written once as a stream for the whole DSS.</summary>
    private static PdfArray References(PdfIncrementalUpdate update, Dictionary<string, (byte[] Der, PdfReference? Ref)> mine,
        Dictionary<string, (byte[] Der, PdfReference? Ref)> all)
    {
        var array = new PdfArray();
        foreach (var key in mine.Keys)
        {
            var (der, reference) = all[key];
            if (reference is null)
            {
                reference = update.Add(new PdfStream(new PdfDictionary(), der));
                all[key] = (der, reference);
            }
            array.Add(reference);
        }
        return array;
    }

    /// <summary>An existing DSS array's entries, then ours that it does not hold yet.</summary>
    private static PdfArray Combined(PdfDocument document, PdfIncrementalUpdate update, PdfObject? existing, Dictionary<string, (byte[] Der, PdfReference? Ref)> ours)
    {
        var array = new PdfArray();
        var present = new HashSet<string>();
        foreach (var item in document.Resolve<PdfArray>(existing) ?? [])
        {
            array.Add(item);
            if (document.Resolve<PdfStream>(item) is { } stream)
            {
                try { present.Add(Convert.ToHexString(SHA256.HashData(document.DecodeStream(stream)))); }
                catch (PdfFormatException) { }
            }
        }
        foreach (var key in ours.Keys.ToList())
        {
            if (present.Contains(key)) continue;
            var (der, reference) = ours[key];
            reference ??= update.Add(new PdfStream(new PdfDictionary(), der));
            ours[key] = (der, reference);
            array.Add(reference);
        }
        return array;
    }
}
