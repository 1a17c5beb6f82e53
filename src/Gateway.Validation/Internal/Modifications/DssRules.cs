using System.Text.RegularExpressions;
using Gateway.Pdf;

namespace Gateway.Validation.Internal.Modifications;

/// <summary>
/// The Document Security Store (ETSI EN 319 142-1 5.4; pyHanko's DSSCompareRule): /DSS may be added or updated with
/// certificates, OCSP responses and CRLs (streams) and /VRI entries; entries may also be dropped, which PAdES allows.
/// Its structure is checked strictly: unexpected keys, non-stream items or malformed VRI keys are disallowed.
/// </summary>
internal static partial class DssRules
{
    private static readonly string[] DssKeys = ["Type", "Certs", "OCSPs", "CRLs", "VRI"];
    private static readonly string[] DssArrays = ["Certs", "OCSPs", "CRLs"];
    private static readonly string[] VriKeys = ["Type", "TU", "TS", "Cert", "CRL", "OCSP"];
    private static readonly string[] VriArrays = ["Cert", "CRL", "OCSP"];

    // ETSI EN 319 142-1 keys VRI entries by the SHA-1 of the signature; some producers use SHA-256.

    [GeneratedRegex("^(?:[0-9A-Fa-f]{2}){20,64}$")]
    private static partial Regex VriKey();

    public static void Run(Comparison c)
    {
        var oldValue = c.Old.Catalog?.Get("DSS");
        var newValue = c.New.Catalog?.Get("DSS");
        var number = (newValue as PdfReference)?.Number;
        var touched = c.Changes.Keys.Any(n => n == number) || !c.Equality.Equal(oldValue, newValue) || InPlace(c);
        if (!touched) return;
        var catalog = c.OldGraph.CatalogNumber;
        if (newValue is null)
        {
            c.Report(ModificationCodes.DssUpdated, "the DSS was removed from the catalog", c.New.RootReference?.Number, ModificationLevel.LongTermValidation);
            return;
        }
        var finding = c.Report(ModificationCodes.DssUpdated, "DSS validation data added or updated", number ?? c.New.RootReference?.Number, ModificationLevel.LongTermValidation);
        var problems = new List<string>();
        if (c.New.Resolve(newValue) is not PdfDictionary dss)
        {
            Forbid(finding, "/DSS is not a dictionary");
            return;
        }
        Own(c, newValue, finding, catalog);
        foreach (var key in dss.Keys.Select(k => k.Value).Where(k => !DssKeys.Contains(k))) problems.Add($"unexpected key /{key} in the DSS");
        foreach (var key in DssArrays) StreamArray(c, dss.Get(key), finding, catalog, "/DSS/" + key, problems);

        var vriValue = dss.Get("VRI");
        if (vriValue is not null)
        {
            if (c.New.Resolve(vriValue) is not PdfDictionary vri) problems.Add("/VRI is not a dictionary");
            else
            {
                Own(c, vriValue, finding, catalog);
                foreach (var (key, value) in vri)
                {
                    var path = "/DSS/VRI/" + key.Value;
                    if (!VriKey().IsMatch(key.Value)) problems.Add($"VRI key /{key.Value} is not a hash in hexadecimal");
                    if (c.New.Resolve(value) is not PdfDictionary entry)
                    {
                        problems.Add($"VRI entry /{key.Value} is not a dictionary");
                        continue;
                    }
                    Own(c, value, finding, catalog);
                    foreach (var entryKey in entry.Keys.Select(k => k.Value).Where(k => !VriKeys.Contains(k))) problems.Add($"unexpected key /{entryKey} in VRI entry /{key.Value}");
                    foreach (var arrayKey in VriArrays) StreamArray(c, entry.Get(arrayKey), finding, catalog, path + "/" + arrayKey, problems);
                    if (entry.Get("TS") is { } ts)
                    {
                        if (ts is not PdfReference tsReference || c.New.Get(tsReference.Number) is not PdfStream) problems.Add($"VRI entry /{key.Value} /TS is not a stream");
                        else Own(c, ts, finding, catalog);
                    }
                    if (entry.Get("TU") is { } tu && tu is not PdfString) problems.Add($"VRI entry /{key.Value} /TU is not a date string");
                }
            }
        }
        if (problems.Count > 0) Forbid(finding, string.Join("; ", problems.Distinct().Take(10)));
    }

    /// <summary>Some object the old DSS held was rewritten in place (an indirect array or VRI entry, a stream).</summary>
    private static bool InPlace(Comparison c)
    {
        if (c.Old.Catalog?.Get("DSS") is not { } dss) return false;
        var seen = new HashSet<int>();
        var pending = new Stack<PdfObject>();
        pending.Push(dss);
        while (pending.Count > 0 && seen.Count < 1_000_000)
        {
            foreach (var number in Comparison.References(pending.Pop()))
            {
                if (!seen.Add(number)) continue;
                if (c.IsChanged(number)) return true;
                if (c.Old.Get(number) is { } value and not PdfStream) pending.Push(value);
            }
        }
        return false;
    }

    private static void Forbid(Finding finding, string why)
    {
        finding.Level = ModificationLevel.Other;
        finding.Forbidden = why;
        finding.Description += ": " + why;
    }

    /// <summary>Claims a DSS part held indirectly: new, or rewritten in place when only the DSS used it.</summary>
    /// <summary>Any use under /DSS is fine: the same stream often serves /DSS /Certs and a /VRI entry's /Cert.</summary>
    private static void Own(Comparison c, PdfObject value, Finding finding, int catalog)
    {
        if (value is not PdfReference reference) return;
        if (c.IsAdded(reference.Number)) c.Claim(reference.Number, finding);
        else c.ClaimExisting(reference.Number, finding, catalog, "/DSS");
    }

    private static void StreamArray(Comparison c, PdfObject? value, Finding finding, int catalog, string path, List<string> problems)
    {
        if (value is null) return;
        if (c.New.Resolve(value) is not PdfArray array)
        {
            problems.Add($"{path} is not an array");
            return;
        }
        Own(c, value, finding, catalog);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not PdfReference item || c.New.Get(item.Number) is not PdfStream)
            {
                problems.Add($"{path} holds something other than a reference to a stream");
                continue;
            }
            Own(c, item, finding, catalog);
            if (c.IsAdded(item.Number)) c.ClaimNewDependencies(c.New.Get(item.Number), finding);
        }
    }
}
