using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using BcX509Extension = Org.BouncyCastle.Asn1.X509.X509Extension;
using BcX509Extensions = Org.BouncyCastle.Asn1.X509.X509Extensions;

namespace Gateway.Crypto;

/// <summary>
/// Fetches and verifies a certificate's revocation status for signing-time evidence (PAdES B-LT): OCSP first
/// (RFC 6960: SHA-1 CertID, nonce, POST to the AIA URL), then the CRL distribution points (HTTP GET), or the
/// other way round with <see cref="RevocationClientOptions.PreferCrl"/>. An OCSP "unknown" is returned only
/// when no CRL gives a definite answer. Good and revoked answers are cached per (issuer, serial) until nextUpdate.
/// Trust in the issuer is the caller's job: this client checks that the answer comes from it (or its delegated
/// responder), not that the issuer chains to a root.
/// </summary>
public sealed class RevocationClient
{
    private const int MaxOcspResponseBytes = 1 << 20;
    private const int MaxCrlBytes = 32 << 20;
    private static readonly HttpClient SharedClient = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly HttpClient _http;
    private readonly RevocationClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly RevocationCache _cache;

    public RevocationClient(HttpClient? http = null, RevocationClientOptions? options = null, TimeProvider? clock = null)
    {
        _http = http ?? SharedClient;
        _options = options ?? new RevocationClientOptions();
        _clock = clock ?? TimeProvider.System;
        _cache = new RevocationCache(_options.MaxCacheEntries);
    }

    /// <summary>Answers in the cache (for tests and metrics).</summary>
    public int CachedCount => _cache.Count;

    /// <exception cref="RevocationException">With <see cref="RevocationException.Reason"/> REVOCATION_UNAVAILABLE, REVOCATION_BAD_RESPONSE or REVOCATION_NO_SOURCE.</exception>
    /// <exception cref="ArgumentException"><paramref name="issuer"/> is not the certificate's issuer (by name).</exception>
    public async Task<RevocationEvidence> GetAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            throw new ArgumentException($"'{issuer.Subject}' is not the issuer of '{certificate.Subject}' ('{certificate.Issuer}').", nameof(issuer));
        }

        var serial = SerialNumbers.Canonical(certificate);
        var key = Convert.ToHexString(SHA256.HashData(issuer.RawData)) + ":" + serial;
        if (_cache.TryGet(key, _clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var ocsp = RevocationUrls.Ocsp(certificate).Where(IsHttp).Select(u => (Ocsp: true, Url: u));
        var crl = RevocationUrls.Crl(certificate).Where(IsHttp).Select(u => (Ocsp: false, Url: u));
        var sources = (_options.PreferCrl ? crl.Concat(ocsp) : ocsp.Concat(crl)).ToList();
        if (sources.Count == 0)
        {
            throw new RevocationException(RevocationException.NoSource, $"'{certificate.Subject}' (serial {serial}) names no http(s) OCSP responder and no http(s) CRL distribution point.");
        }

        var failures = new List<RevocationException>();
        RevocationEvidence? unknown = null;
        foreach (var (isOcsp, url) in sources)
        {
            RevocationEvidence evidence;
            try
            {
                evidence = isOcsp
                    ? await OcspAsync(url, certificate, issuer, ct).ConfigureAwait(false)
                    : await CrlAsync(url, certificate, issuer, ct).ConfigureAwait(false);
            }
            catch (RevocationException e)
            {
                failures.Add(e);
                continue;
            }

            if (evidence.Status == RevocationStatus.Unknown)
            {
                unknown ??= evidence;
                continue;
            }

            var now = _clock.GetUtcNow();
            _cache.Set(key, evidence, evidence.NextUpdate ?? now + _options.DefaultCacheLifetime, now);
            return evidence;
        }

        if (unknown is not null)
        {
            return unknown;
        }

        var reason = failures.Any(f => f.Reason == RevocationException.BadResponse) ? RevocationException.BadResponse : RevocationException.Unavailable;
        throw new RevocationException(
            reason,
            $"No usable revocation information for '{certificate.Subject}' (serial {serial}): {string.Join(" ", failures.Select(f => f.Message))}",
            failures.Count == 1 ? failures[0] : new AggregateException(failures));
    }

    private async Task<RevocationEvidence> OcspAsync(string url, X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken ct)
    {
        var id = OcspCertIds.Sha1(issuer, certificate);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        // RFC 8954: the extension value is an OCTET STRING holding the nonce.
        generator.SetRequestExtensions(new BcX509Extensions(new Dictionary<DerObjectIdentifier, BcX509Extension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(nonce).GetEncoded())),
        }));

        using var content = new ByteArrayContent(generator.Generate().GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue(OcspResponder.RequestMediaType);
        var source = "OCSP " + url;
        var body = await SendAsync(HttpMethod.Post, url, content, OcspResponder.ResponseMediaType, MaxOcspResponseBytes, source, ct).ConfigureAwait(false);
        return RevocationChecks.Ocsp(body, id, nonce, issuer, _clock.GetUtcNow(), _options.ClockSkew, url);
    }

    private async Task<RevocationEvidence> CrlAsync(string url, X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken ct)
    {
        // Content types for CRLs vary in the wild (application/pkix-crl, application/x-pkcs7-crl, octet-stream): not checked.
        var body = await SendAsync(HttpMethod.Get, url, null, null, MaxCrlBytes, "CRL " + url, ct).ConfigureAwait(false);
        return RevocationChecks.Crl(body, certificate, issuer, _clock.GetUtcNow(), _options.ClockSkew, url);
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string url, HttpContent? content, string? mediaType, int maxBytes, string source, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new RevocationException(RevocationException.Unavailable, $"{source} answered HTTP {(int)response.StatusCode}.");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw RevocationChecks.Bad(source, $"HTTP {(int)response.StatusCode}");
            }

            var actual = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && actual is not null && !string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                throw RevocationChecks.Bad(source, $"content type '{actual}' instead of {mediaType}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw RevocationChecks.Bad(source, "the answer is too large");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw RevocationChecks.Bad(source, "the answer is too large");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw new RevocationException(RevocationException.Unavailable, $"{source} cannot be reached: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new RevocationException(RevocationException.Unavailable, $"{source} broke off the answer: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RevocationException(RevocationException.Unavailable, $"{source} did not answer within {_options.Timeout.TotalSeconds:0.#} s.", e);
        }
    }

    private static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
