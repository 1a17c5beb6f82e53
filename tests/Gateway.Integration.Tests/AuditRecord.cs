using Microsoft.Extensions.Logging;

namespace Gateway.Integration.Tests;

/// <summary>One audit record as a log pipeline sees it: level, event id and the named fields.</summary>
public sealed record AuditRecord(LogLevel Level, int EventId, IReadOnlyDictionary<string, string> Fields)
{
    public string Field(string name) => Fields.TryGetValue(name, out var value) ? value : "";

    public string Reason => Field("Reason");
    public string Agency => Field("Agency");
    public string Method => Field("Method");
    public string CertificateSha256 => Field("CertificateSha256");

    public override string ToString() => string.Join(" ", Fields.Where(f => f.Key != "{OriginalFormat}").Select(f => $"{f.Key}={f.Value}"));
}
