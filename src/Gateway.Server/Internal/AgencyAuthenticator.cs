using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Exchange;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Gateway.Server.Internal;

/// <summary>
/// Maps the caller's TLS client certificate to an agency: the chain must reach the client CA roots
/// with the clientAuth EKU, and the directory must name the certificate. The TLS layer accepts any
/// certificate so that a refusal is a gRPC status with a reason rather than a broken handshake.
/// A revoked certificate (or one under a revoked CA) on the configured CRLs is refused like an untrusted one.
/// </summary>
internal sealed partial class AgencyAuthenticator
{
    public const string DevelopmentAgencyHeader = "x-gateway-agency";
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly TrustStore _clientCa;
    private readonly AgencyDirectory _agencies;
    private readonly bool _insecure;
    private readonly TimeProvider _clock;
    private readonly ClientRevocationLists _revocation;
    private readonly ConcurrentDictionary<string, ClientIdentity> _identities = new();

    public AgencyAuthenticator(TrustStore clientCa, AgencyDirectory agencies, bool insecure, TimeProvider clock, ClientRevocationLists? revocation = null)
    {
        _revocation = revocation ?? new ClientRevocationLists([]);
        _clientCa = clientCa;
        _agencies = agencies;
        _insecure = insecure;
        _clock = clock;
    }

    public ReceiptParty Authenticate(HttpContext http)
    {
        if (_insecure)
        {
            var named = http.Request.Headers[DevelopmentAgencyHeader].ToString();
            if (named.Length == 0 || !_agencies.Exists(named))
                throw RpcErrors.Create(StatusCode.Unauthenticated, ServerReasons.AgencyUnknown,
                    $"development mode: name a known agency in the {DevelopmentAgencyHeader} header");
            return new ReceiptParty(named);
        }

        var certificate = http.Connection.ClientCertificate
                          ?? throw RpcErrors.Create(StatusCode.Unauthenticated, ServerReasons.ClientCertificateRequired,
                              "a TLS client certificate issued to the agency is required");
        var identity = Identify(certificate);
        if (identity.ChainError is not null)
            throw RpcErrors.Create(StatusCode.Unauthenticated, ServerReasons.ClientCertificateUntrusted, $"the client certificate is not accepted: {identity.ChainError}");
        var party = identity.Party
                    ?? throw RpcErrors.Create(StatusCode.PermissionDenied, ServerReasons.AgencyUnknown,
                         $"the client certificate '{identity.Certificate.Subject}' is not registered to any agency");
        // The identity is the certificate's. A request that also names an agency in the development header is either a
        // client misconfigured for --dev-insecure or one trying to act as another agency: refuse it, so that it is audited
        // and never silently served as someone else's call.
        var claimed = http.Request.Headers[DevelopmentAgencyHeader].ToString();
        if (claimed.Length > 0 && !string.Equals(claimed, party.Agency, StringComparison.Ordinal))
            throw RpcErrors.Create(StatusCode.PermissionDenied, ServerReasons.AgencyMismatch,
                $"the {DevelopmentAgencyHeader} header names another agency than the client certificate's");
        return party;
    }

    /// <summary>
    /// What a certificate proves, worked out once a minute per certificate rather than on every call: decoding the
    /// names, copying and hashing the certificate and looking it up cost a quarter of an Echo call's allocations.
    /// Keyed by the SHA-256 of the whole certificate, so a look-alike with the same names is a different entry.
    /// </summary>
    private ClientIdentity Identify(X509Certificate2 certificate)
    {
        var now = _clock.GetUtcNow();
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.RawDataMemory.Span, digest);
        var key = Convert.ToHexStringLower(digest);
        if (_identities.TryGetValue(key, out var cached) && cached.Until > now) return cached;

        var error = CheckChain(certificate, now);
        var agency = error is null ? _agencies.FindByCertificate(certificate)?.Id : null;
        var described = new PartyCertificate(certificate.Subject, certificate.Issuer, certificate.SerialNumber, key);
        var identity = new ClientIdentity(now.AddMinutes(1), error, described, agency is null ? null : new ReceiptParty(agency, described));
        if (_identities.Count > 10_000) _identities.Clear();
        _identities[key] = identity;
        return identity;
    }

    /// <summary>
    /// Chain building costs milliseconds; its verdict is cached with the identity for a minute per certificate, so a new
    /// revocation applies to a certificate already in use within a minute (and to one not seen yet at once).
    /// </summary>
    private string? CheckChain(X509Certificate2 certificate, DateTimeOffset now)
    {
        using var chain = _clientCa.CreateChain(time: now);
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);
        string? error = null;
        // A certificate without an EKU extension is valid for every purpose to X509Chain; an agency's
        // signing certificate must not double as its API credential, so clientAuth must be named.
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuth.Value))
        {
            error = "the certificate does not name the clientAuth extended key usage";
        }
        else if (!chain.Build(certificate))
        {
            error = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            if (error.Length == 0) error = "no chain to a trusted root";
        }
        else
        {
            error = _revocation.Check(chain);
        }
        return error;
    }

    /// <summary>A certificate's verdict: refused (<paramref name="ChainError"/>), registered to no agency (no <paramref name="Party"/>), or the party it authenticates.</summary>
    private sealed record ClientIdentity(DateTimeOffset Until, string? ChainError, PartyCertificate Certificate, ReceiptParty? Party);
}
