using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;

namespace Gateway.Server.Internal;

/// <summary>
/// Revocation of agency client certificates from CRL files on the gateway's own disk (Gateway:Tls:ClientCrlPaths; by
/// default the development PKI's two CRLs), as nginx's ssl_crl and Apache's SSLCARevocationFile do. Local files rather
/// than OCSP/CRL fetches on the request path: authentication must neither wait for nor fail open on a responder that
/// an attacker can slow down, and an operator revokes a stolen agency credential by replacing a file.
/// The files are read again when their modification time changes (looked at whenever a certificate's chain is judged,
/// which <see cref="AgencyAuthenticator"/> does once a minute per certificate: a few stat calls), so a new CRL applies
/// without a restart; each CRL's signature is checked against the certificate's issuer with the
/// same rules as embedded revocation data (<see cref="EmbeddedRevocation.TryCheckCrl"/>).
/// </summary>
internal sealed class ClientRevocationLists
{
    private readonly IReadOnlyList<string> _paths;
    private readonly Lock _gate = new();
    private string _stamp = "";
    private IReadOnlyList<byte[]> _crls = [];

    public ClientRevocationLists(IReadOnlyList<string> paths)
    {
        _paths = paths;
    }

    /// <summary>
    /// Null when no certificate of the built chain (leaf and issuing CAs; not the anchor) is on a CRL of its issuer,
    /// else why it is refused. A CRL that is unreadable or not signed by the issuer revokes nothing (docs/security.md,
    /// "Open": a damaged CRL file is not yet reported).
    /// </summary>
    public string? Check(X509Chain chain)
    {
        var crls = Current();
        if (crls.Count == 0) return null;
        var elements = chain.ChainElements;
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            var certificate = elements[i].Certificate;
            var issuer = elements[i + 1].Certificate;
            foreach (var crl in crls)
            {
                if (EmbeddedRevocation.TryCheckCrl(crl, certificate, issuer, out var answer, out _)
                    && answer.Evidence.Status == RevocationStatus.Revoked)
                {
                    var since = answer.Evidence.RevocationTime is { } time ? $" since {time:yyyy-MM-ddTHH:mm:ssZ}" : "";
                    return $"'{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked{since}";
                }
            }
        }
        return null;
    }

    private IReadOnlyList<byte[]> Current()
    {
        if (_paths.Count == 0) return [];
        lock (_gate)
        {
            var files = Files().ToList();
            var stamp = string.Join("|", files.Select(f => new FileInfo(f)).Select(f => $"{f.FullName}:{f.LastWriteTimeUtc.Ticks}:{f.Length}"));
            if (stamp == _stamp) return _crls;
            var crls = new List<byte[]>();
            foreach (var file in files)
            {
                try
                {
                    crls.Add(File.ReadAllBytes(file));
                }
                catch (IOException)
                {
                    // Being replaced right now: the next check reads it (the stamp below will differ).
                    stamp = "";
                }
            }
            _crls = crls;
            _stamp = stamp;
            return _crls;
        }
    }

    /// <summary>Each configured file, or the *.crl, *.pem and *.der files of a configured folder.</summary>
    private IEnumerable<string> Files()
    {
        foreach (var path in _paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".crl", StringComparison.OrdinalIgnoreCase)
                             || f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".der", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
                    yield return file;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
        }
    }
}
