using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Exchange;

/// <summary>Which agencies exist and which client certificate is whose. Immutable once built.</summary>
public sealed class AgencyDirectory
{
    private readonly Dictionary<string, AgencyEntry> _byId;

    public AgencyDirectory(IEnumerable<AgencyEntry> entries)
    {
        _byId = new Dictionary<string, AgencyEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!_byId.TryAdd(entry.Id, entry))
                throw new ArgumentException($"agency '{entry.Id}' is configured twice");
        }
    }

    public IReadOnlyCollection<AgencyEntry> Agencies => _byId.Values;

    public bool Exists(string agencyId) => _byId.ContainsKey(agencyId);

    /// <summary>
    /// The agency a certificate authenticates, or null. The caller has already checked the chain:
    /// this only maps an accepted certificate to an identity.
    /// </summary>
    public AgencyEntry? FindByCertificate(X509Certificate2 certificate)
    {
        var subject = certificate.SubjectName.Name;
        string? sha256 = null;
        foreach (var entry in _byId.Values)
        {
            if (!string.Equals(entry.ClientCertificateSubject, subject, StringComparison.Ordinal)) continue;
            if (entry.ClientCertificateSha256 is { Length: > 0 } pin)
            {
                sha256 ??= Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
                if (!string.Equals(pin, sha256, StringComparison.OrdinalIgnoreCase)) continue;
            }
            return entry;
        }
        return null;
    }

    /// <summary>Reads the agencies file the development PKI writes: {"agencies":[{...}]}.</summary>
    public static AgencyDirectory LoadJson(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<AgenciesFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                   ?? throw new InvalidDataException($"{path}: empty agencies file");
        return new AgencyDirectory(file.Agencies ?? []);
    }

    private sealed class AgenciesFile
    {
        [JsonPropertyName("agencies")]
        public List<AgencyEntry>? Agencies { get; set; }
    }
}
