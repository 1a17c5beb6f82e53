using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;

namespace Gateway.Crypto;

/// <summary>
/// Client for an external RFC 3161 TSA over HTTP (RFC 3161 §3.4). Sends a nonce and certReq=true, and accepts
/// a token only when the status is granted, imprint and nonce match, and the signature verifies with the
/// TSA certificate carried in the token. Trust in that certificate is the verifier's job, not this client's.
/// </summary>
public sealed class HttpTimeStampClient : ITimeStampSource
{
    private const int MaxResponseBytes = 1 << 20;
    private static readonly HttpClient SharedClient = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Uri _url;
    private readonly HttpClient _httpClient;
    private readonly TimeSpan _timeout;

    public HttpTimeStampClient(Uri url, HttpClient? httpClient = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        _url = url;
        _httpClient = httpClient ?? SharedClient;
        _timeout = timeout ?? TimeSpan.FromSeconds(10);
    }

    /// <exception cref="TimeStampException">With <see cref="TimeStampException.Reason"/> TSA_UNREACHABLE, TSA_REJECTED or TSA_BAD_RESPONSE.</exception>
    public async Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        var oid = HashAlgorithms.ToOid(hashAlgorithm);
        if (digest.Length != HashAlgorithms.Length(hashAlgorithm))
        {
            throw new ArgumentException($"A {hashAlgorithm.Name} digest is {HashAlgorithms.Length(hashAlgorithm)} bytes, not {digest.Length}.", nameof(digest));
        }

        var nonce = new BigInteger(1, BcInterop.RandomPositiveSerial(8));
        var requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.SetCertReq(true);
        var request = requestGenerator.Generate(oid, digest.ToArray(), nonce);

        byte[] body = await PostAsync(request.GetEncoded(), cancellationToken).ConfigureAwait(false);

        TimeStampResponse response;
        try
        {
            response = new TimeStampResponse(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Bad("the answer is not a TimeStampResp", e);
        }

        if (response.Status != (int)PkiStatus.Granted && response.Status != (int)PkiStatus.GrantedWithMods)
        {
            var failInfo = response.GetFailInfo()?.IntValue;
            throw new TimeStampException(TimeStampException.Rejected, $"The TSA at {_url} refused the request: status {response.Status}, failInfo {failInfo?.ToString() ?? "none"}, '{response.GetStatusString()}'.");
        }

        var token = response.TimeStampToken ?? throw Bad("status granted but no token");
        var tokenBytes = token.GetEncoded();
        var failure = TimeStampTokenValidator.Check(tokenBytes, default, digest.ToArray(), [], out var outcome);
        if (failure is not null)
        {
            throw Bad(failure.Error);
        }

        if (outcome!.Info.HashAlgorithmOid != oid)
        {
            throw Bad("the token's imprint algorithm differs from the request's");
        }

        if (outcome.Info.Nonce is null || !new BigInteger(1, outcome.Info.Nonce).Equals(nonce))
        {
            throw Bad("the token's nonce differs from the request's");
        }

        return tokenBytes;
    }

    private async Task<byte[]> PostAsync(byte[] requestDer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var content = new ByteArrayContent(requestDer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        try
        {
            using var response = await _httpClient.PostAsync(_url, content, timeout.Token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                throw new TimeStampException(TimeStampException.Unreachable, $"The TSA at {_url} answered HTTP {(int)response.StatusCode}.");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Bad($"HTTP {(int)response.StatusCode}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && mediaType != "application/timestamp-reply")
            {
                throw Bad($"content type '{mediaType}' instead of application/timestamp-reply");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw Bad("the answer is too large");
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return body.Length <= MaxResponseBytes ? body : throw Bad("the answer is too large");
        }
        catch (HttpRequestException e)
        {
            throw new TimeStampException(TimeStampException.Unreachable, $"The TSA at {_url} cannot be reached: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeStampException(TimeStampException.Unreachable, $"The TSA at {_url} did not answer within {_timeout.TotalSeconds:0.#} s.", e);
        }
    }

    private TimeStampException Bad(string detail, Exception? inner = null) =>
        new(TimeStampException.BadResponse, $"The TSA at {_url} gave an unusable answer: {detail}.", inner);
}
