using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Internal;

/// <summary>
/// The security audit trail: one structured record per refused gateway.v1 call, under the logger category
/// <see cref="Category"/> (enabled at Information whatever the default level, see <see cref="GatewayHost"/>), so that
/// operators can route it apart from diagnostics to append-only storage. A record names the method, status, stable
/// reason, the authenticated agency (when there is one), the peer address and the presented client certificate
/// (subject, issuer, serial, SHA-256), never request content. Refused submissions are also in the evidence log as
/// signed SubmissionRejection receipts; this trail also covers what has no receipt (authentication, authorisation,
/// limits, signing and verification refusals).
/// Calls nobody could be held to account for (no accepted certificate), and an agency's calls over its limits, are
/// condensed: the same reason from the same agency, address and certificate is written once per <see cref="CondenseWindow"/>,
/// with how many were left out since, so a flood cannot fill the disk. Other refusals of an authenticated agency are all
/// written: its rate limit bounds them.
/// </summary>
internal sealed partial class SecurityAudit
{
    public const string Category = "Gateway.Audit";
    public static readonly TimeSpan CondenseWindow = TimeSpan.FromSeconds(60);
    private const int MaxCondensed = 10_000;

    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Condensed> _condensed = new(StringComparer.Ordinal);

    public SecurityAudit(ILoggerFactory loggers, TimeProvider clock)
    {
        _logger = loggers.CreateLogger(Category);
        _clock = clock;
    }

    /// <summary>Records a refused call. <paramref name="agency"/> is null when the caller was not (yet) authenticated.</summary>
    public void Refused(ServerCallContext context, StatusCode status, string reason, string? agency)
    {
        var http = context.GetHttpContext();
        Record(context.Method, status, reason, agency, http.Connection.ClientCertificate, Peer(http));
    }

    /// <summary>Writes (or condenses) one record; <see cref="Refused"/> takes its arguments from the call.</summary>
    internal void Record(string method, StatusCode status, string reason, string? agency, X509Certificate2? certificate, string peer)
    {
        var sha256 = certificate is null ? "" : Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        long condensed = 0;
        var condense = agency is null || reason is ServerReasons.RateLimited or ServerReasons.TooManyStreams;
        if (condense && !Due($"{reason}|{agency}|{peer}|{sha256}", out condensed)) return;

        var level = status is StatusCode.Unauthenticated or StatusCode.PermissionDenied ? LogLevel.Warning : LogLevel.Information;
        Log.Refused(_logger, level, method, status.ToString(), reason, agency ?? "", peer,
            certificate?.Subject ?? "", certificate?.Issuer ?? "", certificate?.SerialNumber ?? "", sha256, condensed);
    }

    private static string Peer(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "";

    /// <summary>True when this key's record is due; <paramref name="condensed"/> is how many were left out since the last one.</summary>
    private bool Due(string key, out long condensed)
    {
        var now = _clock.GetTimestamp();
        if (_condensed.Count > MaxCondensed) _condensed.Clear();
        var entry = _condensed.GetOrAdd(key, _ => new Condensed());
        lock (entry)
        {
            if (entry.WrittenAt is { } at && _clock.GetElapsedTime(at, now) < CondenseWindow)
            {
                entry.Left++;
                condensed = 0;
                return false;
            }
            condensed = entry.Left;
            entry.Left = 0;
            entry.WrittenAt = now;
            return true;
        }
    }
}
