using Gateway.Crypto;

namespace Gateway.Validation;

/// <summary>The report for people: the same facts as the JSON, one signature per block.</summary>
public static class ValidationReportText
{
    public static void Write(TextWriter output, ValidationReport report, string name)
    {
        output.WriteLine($"{name}: {report.Summary} ({report.Signatures.Count} signature(s), {report.DocumentTimeStamps.Count} document time-stamp(s))");
        foreach (var error in report.Errors) output.WriteLine($"  ✗ {error}");
        foreach (var warning in report.Warnings) output.WriteLine($"  ! {warning}");
        foreach (var unreadable in report.UnreadableSignatures) output.WriteLine($"  ✗ field {unreadable.FieldName ?? "?"}: not a signature ({unreadable.Reason})");
        foreach (var s in report.Signatures)
        {
            output.WriteLine($"  {s.Id} {s.FieldName}: {ValidationReportJson.Name(s.Indication)}{(s.SubIndication is { } sub ? " / " + sub : "")}  level {s.Level ?? "-"}  tier {s.LegalTier}");
            output.WriteLine($"     signer      {s.Signer ?? "-"}");
            output.WriteLine($"     integrity   {(s.Integrity ? "intact" : "BROKEN")}; changed after signing: {(s.ModifiedAfterSigning ? "YES, not allowed" : s.ContentChangedAfterSigning ? "allowed changes only" : "no")}");
            output.WriteLine($"     claimed     {When(s.SigningTime)}; proven {When(s.ProvenSigningTime)}");
            output.WriteLine($"     revision    {(s.Revision?.ToString() ?? "-")}{(s.CoversWholeDocument ? " (whole document)" : "")}{(s.Certification ? $", certification P={s.DocMdpPermission}" : "")}");
            foreach (var c in s.Chain) output.WriteLine($"     chain       {c.Subject}{(c.TrustAnchor ? " [trust anchor]" : "")} revocation {c.Revocation}{(c.RevocationSource is { } src ? " (" + src + ")" : "")}");
            foreach (var t in s.SignatureTimeStamps) output.WriteLine($"     time-stamp  {When(t.GenTime)} by {t.TimeStampAuthority ?? "?"}: {ValidationReportJson.Name(t.Indication)}{(t.SubIndication is { } ts ? " / " + ts : "")}");
            foreach (var m in s.Modifications) output.WriteLine($"     {(m.Allowed ? "~" : "✗")} r{m.Revision} {m.Code}: {m.Description}");
            foreach (var e in s.Errors) output.WriteLine($"     ✗ {e}");
            foreach (var w in s.Warnings) output.WriteLine($"     ! {w}");
        }

        foreach (var t in report.DocumentTimeStamps)
        {
            output.WriteLine($"  document time-stamp {t.FieldName}: {ValidationReportJson.Name(t.Indication)}{(t.SubIndication is { } sub ? " / " + sub : "")} at {When(t.GenTime)} by {t.TimeStampAuthority ?? "?"}");
            foreach (var e in t.Errors) output.WriteLine($"     ✗ {e}");
        }
    }

    /// <summary>ISO 8601 UTC and the Thai Buddhist-era date (พ.ศ. = CE + 543).</summary>
    public static string When(DateTimeOffset? time) => time is { } t
        ? $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (พ.ศ. {t.UtcDateTime.Year + 543})"
        : "-";
}
