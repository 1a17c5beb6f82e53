using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Crypto;

/// <summary>
/// An RFC 6960 OCSP responder for one issuing CA, in process: the gateway serves <see cref="Respond"/> over HTTP
/// in development (POST <see cref="RequestMediaType"/>), and tests call it directly. Answers are BasicOCSPResponses
/// signed by <c>responderKey</c> (the CA itself or a delegated responder with id-kp-OCSPSigning), carrying the
/// responder's certificates, thisUpdate now, nextUpdate a day later, and the request's nonce when it had one.
/// </summary>
public sealed class OcspResponder : IDisposable
{
    public const string RequestMediaType = "application/ocsp-request";
    public const string ResponseMediaType = "application/ocsp-response";

    /// <summary>Requests asking about more certificates are refused as malformed.</summary>
    public const int MaxCertificatesPerRequest = 64;

    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private readonly BcCertificate _issuer;
    private readonly DateTimeOffset _issuerNotBefore;
    private readonly ISigningKey _responderKey;
    private readonly bool _ownsKey;
    private readonly Func<string, (RevocationStatus Status, DateTimeOffset? RevokedAt)> _lookup;
    private readonly TimeProvider _clock;
    private readonly BcCertificate[] _certificates;

    /// <param name="issuer">The CA whose certificates this responder answers for; others get "unknown".</param>
    /// <param name="responderKey">Signs the responses: the issuer's key, or a delegated responder certificate issued by it.</param>
    /// <param name="status">Status by serial number: upper-case hex without leading zeros.</param>
    /// <param name="clock">Time source for thisUpdate / producedAt.</param>
    /// <param name="revocationTime">Revocation time by serial; when null or answering null, the issuer's notBefore (revoked for the certificate's whole life).</param>
    public OcspResponder(X509Certificate2 issuer, ISigningKey responderKey, Func<string, RevocationStatus> status, TimeProvider? clock = null, Func<string, DateTimeOffset?>? revocationTime = null)
        : this(issuer, responderKey, serial =>
        {
            var s = status(serial);
            return (s, s == RevocationStatus.Revoked ? revocationTime?.Invoke(serial) : null);
        }, clock, ownsKey: false)
    {
        ArgumentNullException.ThrowIfNull(status);
    }

    private OcspResponder(X509Certificate2 issuer, ISigningKey responderKey, Func<string, (RevocationStatus, DateTimeOffset?)> lookup, TimeProvider? clock, bool ownsKey)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(responderKey);
        _issuer = BcInterop.ToBc(issuer);
        _issuerNotBefore = issuer.NotBefore.ToUniversalTime();
        _responderKey = responderKey;
        _ownsKey = ownsKey;
        _lookup = lookup;
        _clock = clock ?? TimeProvider.System;
        _certificates = new[] { responderKey.Certificate }.Concat(responderKey.Chain)
            .DistinctBy(c => Convert.ToHexString(c.RawData))
            .Select(BcInterop.ToBc)
            .ToArray();
    }

    /// <summary>
    /// The development PKI's responder: issuing CA, signed with ocsp/ocsp.crt, statuses from
    /// <see cref="DevPkiLayout.RevokedSerialsFile"/> (re-read when it changes; serials not listed are good).
    /// </summary>
    public static OcspResponder ForDevPki(DevPkiLayout layout, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        using var issuer = X509CertificateLoader.LoadCertificateFromFile(layout.IssuingCaCertificate);
        var key = FileSigningKey.LoadPem(layout.OcspCertificate, layout.OcspKey);
        var revoked = new RevokedListCache(layout);
        return new OcspResponder(issuer, key, serial => revoked.Lookup(serial), clock, ownsKey: true);
    }

    /// <summary>
    /// A DER OCSPResponse for a DER OCSPRequest. Never throws: garbage gets malformedRequest, a failure while
    /// looking up or signing gets internalError.
    /// </summary>
    public byte[] Respond(ReadOnlySpan<byte> ocspRequestDer)
    {
        OcspReq request;
        Req[] items;
        try
        {
            request = new OcspReq(ocspRequestDer.ToArray());
            items = request.GetRequestList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        if (items.Length == 0 || items.Length > MaxCertificatesPerRequest)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        try
        {
            // GeneralizedTime in OCSP carries whole seconds; truncating keeps thisUpdate <= the real time.
            var now = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds()).UtcDateTime;
            var generator = new BasicOcspRespGenerator(_certificates[0].GetPublicKey());
            foreach (var item in items)
            {
                var id = item.GetCertID();
                generator.AddResponse(id, StatusOf(id), now, now + Validity, null);
            }

            var nonce = request.RequestExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
            if (nonce is not null)
            {
                generator.SetResponseExtensions(new X509Extensions(
                    new Dictionary<Org.BouncyCastle.Asn1.DerObjectIdentifier, Org.BouncyCastle.Asn1.X509.X509Extension> { [OcspObjectIdentifiers.PkixOcspNonce] = new(false, nonce.Value) }));
            }

            var basic = generator.Generate(new SigningKeySignatureFactory(_responderKey, HashAlgorithmName.SHA256), _certificates, now);
            return new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Status(OcspRespStatus.InternalError);
        }
    }

    public void Dispose()
    {
        if (_ownsKey && _responderKey is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private CertificateStatus StatusOf(CertificateID id)
    {
        bool ours;
        try
        {
            ours = id.MatchesIssuer(_issuer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An unsupported CertID hash algorithm: we cannot tell whose certificate it is.
            ours = false;
        }

        if (!ours)
        {
            return new UnknownStatus();
        }

        var (status, revokedAt) = _lookup(SerialNumbers.Canonical(id.SerialNumber));
        return status switch
        {
            RevocationStatus.Good => CertificateStatus.Good,
            RevocationStatus.Revoked => new RevokedStatus((revokedAt ?? _issuerNotBefore).UtcDateTime, CrlReason.Unspecified),
            _ => new UnknownStatus(),
        };
    }

    private static byte[] Status(int status) => new OCSPRespGenerator().Generate(status, null).GetEncoded();

    /// <summary>revoked.txt, read again only when its size or time changes.</summary>
    private sealed class RevokedListCache(DevPkiLayout layout)
    {
        private readonly Lock _gate = new();
        private (DateTime Written, long Length) _stamp;
        private Dictionary<string, DateTimeOffset?> _revoked = new();

        public (RevocationStatus, DateTimeOffset?) Lookup(string serial)
        {
            lock (_gate)
            {
                var file = new FileInfo(layout.RevokedSerialsFile);
                var stamp = file.Exists ? (file.LastWriteTimeUtc, file.Length) : default;
                if (stamp != _stamp || _stamp == default)
                {
                    _revoked = DevPki.ReadRevoked(layout);
                    _stamp = stamp;
                }

                return _revoked.TryGetValue(serial, out var time) ? (RevocationStatus.Revoked, time) : (RevocationStatus.Good, null);
            }
        }
    }
}
