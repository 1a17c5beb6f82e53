using System.Security.Cryptography;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;

namespace Gateway.Crypto;

/// <summary>
/// The gateway's own RFC 3161 time-stamping authority. Thread-safe. Tokens carry a signing-certificate-v2
/// (ESSCertIDv2, SHA-256) so that openssl ts -verify and CAdES verifiers can bind them to the TSA certificate.
/// </summary>
public sealed class EmbeddedTimeStampAuthority : ITimeStampSource
{
    private static readonly string[] AcceptedAlgorithms = [HashAlgorithms.Sha256Oid, HashAlgorithms.Sha384Oid, HashAlgorithms.Sha512Oid];

    private readonly TimeStampTokenGenerator _tokenGenerator;
    private readonly TimeStampResponseGenerator _responseGenerator;
    private readonly TimeProvider _clock;
    // BouncyCastle's generators keep per-call state (certificates, accuracy); one lock keeps them consistent.
    private readonly Lock _lock = new();

    public EmbeddedTimeStampAuthority(ISigningKey tsaKey, TimeStampAuthorityOptions? options = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(tsaKey);
        options ??= new TimeStampAuthorityOptions();
        _clock = clock ?? TimeProvider.System;
        Options = options;
        Key = tsaKey;

        var certificate = BcInterop.ToBc(tsaKey.Certificate);
        var signerInfoGenerator = new SignerInfoGeneratorBuilder()
            .Build(new SigningKeySignatureFactory(tsaKey, HashAlgorithmName.SHA256), certificate);
        try
        {
            _tokenGenerator = new TimeStampTokenGenerator(
                signerInfoGenerator,
                Asn1DigestFactory.Get(HashAlgorithms.Sha256Oid),
                new DerObjectIdentifier(options.PolicyOid),
                isIssuerSerialIncluded: true);
        }
        catch (TspValidationException e)
        {
            // RFC 3161 §2.3: a TSA certificate must carry only the critical id-kp-timeStamping EKU.
            throw new ArgumentException($"'{tsaKey.Certificate.Subject}' cannot sign time-stamps: {e.Message}", nameof(tsaKey), e);
        }
        if (options.AccuracyMilliseconds > 0)
        {
            _tokenGenerator.SetAccuracyMillis(options.AccuracyMilliseconds % 1000);
            _tokenGenerator.SetAccuracySeconds(options.AccuracyMilliseconds / 1000);
        }

        // Millisecond genTime: receipts carry the gateway's own millisecond time, and a time-stamp
        // rounded down to the second would appear to precede the event it proves.
        _tokenGenerator.Resolution = Org.BouncyCastle.Tsp.Resolution.R_MILLISECONDS;
        _tokenGenerator.SetOrdering(options.Ordering);
        _tokenGenerator.SetTsa(new GeneralName(certificate.SubjectDN));
        _tokenGenerator.SetCertificates(CollectionUtilities.CreateStore(
            new[] { certificate }.Concat(tsaKey.Chain.Select(BcInterop.ToBc)).ToList()));
        _responseGenerator = new TimeStampResponseGenerator(_tokenGenerator, AcceptedAlgorithms, new[] { options.PolicyOid });
    }

    public TimeStampAuthorityOptions Options { get; }

    public ISigningKey Key { get; }

    /// <summary>
    /// Answers a DER TimeStampReq with a DER TimeStampResp. Never throws for bad input: malformed requests get
    /// PKIStatus rejection with badDataFormat, unsupported hash algorithms badAlg, foreign policies unacceptedPolicy.
    /// </summary>
    public byte[] Respond(ReadOnlySpan<byte> timeStampRequestDer)
    {
        TimeStampRequest request;
        try
        {
            request = new TimeStampRequest(timeStampRequestDer.ToArray());
        }
        catch (Exception)
        {
            return Fail(PkiFailureInfo.BadDataFormat, "request is not a DER TimeStampReq");
        }

        try
        {
            lock (_lock)
            {
                return _responseGenerator.Generate(request, NewSerialNumber(), _clock.GetUtcNow().UtcDateTime).GetEncoded();
            }
        }
        catch (Exception)
        {
            // The request parsed, so the fault is ours (e.g. the signing key); say so rather than blame the client.
            return Fail(PkiFailureInfo.SystemFailure, "the time-stamp could not be produced");
        }
    }

    /// <summary>Issues a token directly. <paramref name="includeCertificates"/> is the RFC 3161 certReq flag.</summary>
    public byte[] Issue(ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm, byte[]? nonce = null, bool includeCertificates = true)
    {
        var oid = HashAlgorithms.ToOid(hashAlgorithm);
        if (digest.Length != HashAlgorithms.Length(hashAlgorithm))
        {
            throw new ArgumentException($"A {hashAlgorithm.Name} digest is {HashAlgorithms.Length(hashAlgorithm)} bytes, not {digest.Length}.", nameof(digest));
        }

        var requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.SetCertReq(includeCertificates);
        var request = nonce is null
            ? requestGenerator.Generate(oid, digest.ToArray())
            : requestGenerator.Generate(oid, digest.ToArray(), new BigInteger(1, nonce));
        lock (_lock)
        {
            return _tokenGenerator.Generate(request, NewSerialNumber(), _clock.GetUtcNow().UtcDateTime).GetEncoded();
        }
    }

    public Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Issue(digest.Span, hashAlgorithm));
    }

    // 128 random bits: unique without shared state, so several gateway instances can share one TSA key.
    private static BigInteger NewSerialNumber() => new(1, BcInterop.RandomPositiveSerial(16));

    private byte[] Fail(int failInfo, string text)
    {
        lock (_lock)
        {
            return _responseGenerator.GenerateFailResponse(PkiStatus.Rejection, failInfo, text).GetEncoded();
        }
    }
}
