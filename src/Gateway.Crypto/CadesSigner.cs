using System.Security.Cryptography;
using Gateway.Crypto.Internal;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;

namespace Gateway.Crypto;

/// <summary>
/// Produces CAdES-B-B signatures (CMS SignedData, ETSI EN 319 122-1) and, with a time-stamp source,
/// CAdES-B-T signatures carrying an id-aa-signatureTimeStampToken.
/// </summary>
public sealed class CadesSigner
{
    private readonly ISigningKey _key;
    private readonly ITimeStampSource? _timeStamps;
    private readonly HashAlgorithmName _digestAlgorithm;
    private readonly bool _rsaPss;
    private readonly Attribute _signingCertificateV2;
    private readonly IStore<Org.BouncyCastle.X509.X509Certificate> _certificates;
    private readonly Org.BouncyCastle.X509.X509Certificate _signerCertificate;

    /// <param name="rsaPss">RSASSA-PSS instead of PKCS#1 v1.5 for RSA keys (detached signatures).</param>
    public CadesSigner(ISigningKey key, ITimeStampSource? timeStamps, HashAlgorithmName? digestAlgorithm = null, bool rsaPss = false)
    {
        if (rsaPss && key.Algorithm != KeyAlgorithm.Rsa) throw new ArgumentException("RSASSA-PSS needs an RSA key", nameof(rsaPss));
        _rsaPss = rsaPss;
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _timeStamps = timeStamps;
        _digestAlgorithm = digestAlgorithm ?? HashAlgorithmName.SHA256;
        HashAlgorithms.ToOid(_digestAlgorithm); // fail fast on MD5 / SHA-1
        _signingCertificateV2 = BcInterop.SigningCertificateV2(key.Certificate);
        _signerCertificate = BcInterop.ToBc(key.Certificate);
        _certificates = CollectionUtilities.CreateStore(
            new[] { _signerCertificate }.Concat(key.Chain.Select(BcInterop.ToBc)).ToList());
    }

    /// <summary>
    /// Signs <paramref name="content"/>. <paramref name="encapsulate"/>: true puts the content inside the
    /// SignedData (attached), false leaves it out (detached). Returns a DER ContentInfo.
    /// </summary>
    /// <exception cref="TimeStampException">The time-stamp source failed; no signature is returned without its time-stamp.</exception>
    public Task<byte[]> SignAsync(ReadOnlyMemory<byte> content, bool encapsulate, CancellationToken cancellationToken = default)
    {
        if (!encapsulate) return SignDetachedAsync([content], cancellationToken);
        if (_rsaPss) throw new NotSupportedException("RSASSA-PSS is offered for detached signatures");
        return SignAsync(new CmsProcessableByteArray(content.ToArray()), encapsulate, cancellationToken);
    }

    /// <summary>
    /// A detached signature over the concatenation of <paramref name="parts"/>, read in place: a PDF's
    /// ByteRange is two slices of one buffer, and copying a large file to sign it would double its memory.
    /// The digest is the platform's, the only part of signing a large file that costs anything.
    /// </summary>
    public Task<byte[]> SignDetachedAsync(IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(_digestAlgorithm);
        foreach (var part in parts) hash.AppendData(part.Span);
        return SignDigestAsync(hash.GetHashAndReset(), cancellationToken);
    }

    /// <summary>A detached signature over content whose <see cref="HashAlgorithmName"/> digest the caller computed.</summary>
    public async Task<byte[]> SignDigestAsync(byte[] contentDigest, CancellationToken cancellationToken = default)
    {
        if (contentDigest.Length != HashAlgorithms.Length(_digestAlgorithm))
            throw new ArgumentException($"a {_digestAlgorithm.Name} digest is {HashAlgorithms.Length(_digestAlgorithm)} bytes", nameof(contentDigest));
        var signer = DetachedSignedData.Sign(_key, _signingCertificateV2, _digestAlgorithm, contentDigest, _rsaPss);
        if (_timeStamps is not null)
        {
            var imprint = HashAlgorithms.Hash(_digestAlgorithm, signer.Signature.GetOctets());
            var token = await _timeStamps.GetTokenAsync(imprint, _digestAlgorithm, cancellationToken).ConfigureAwait(false);
            CheckToken(token, imprint);
            signer = DetachedSignedData.WithTimeStamp(signer, token);
        }
        return DetachedSignedData.Encode(_key, _digestAlgorithm, signer);
    }

    private async Task<byte[]> SignAsync(CmsTypedData content, bool encapsulate, CancellationToken cancellationToken)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new CadesSignedAttributes(_signingCertificateV2))
            .Build(new SigningKeySignatureFactory(_key, _digestAlgorithm), _signerCertificate));
        generator.AddCertificates(_certificates);
        var signedData = generator.Generate(content, encapsulate);

        if (_timeStamps is not null)
        {
            var signer = signedData.GetSignerInfos().GetSigners().Single();
            // ETSI EN 319 122-1 §5.3: the signature time-stamp covers the SignerInfo's signature value.
            var imprint = HashAlgorithms.Hash(_digestAlgorithm, signer.GetSignature());
            var token = await _timeStamps.GetTokenAsync(imprint, _digestAlgorithm, cancellationToken).ConfigureAwait(false);
            CheckToken(token, imprint);

            var attribute = new Attribute(PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new DerSet(BcInterop.ParseContentInfo(token)));
            var unsigned = new AttributeTable(new Asn1EncodableVector { attribute });
            signer = SignerInformation.ReplaceUnsignedAttributes(signer, unsigned);
            signedData = CmsSignedData.ReplaceSigners(signedData, new SignerInformationStore(signer));
        }

        return signedData.ContentInfo.GetEncoded(Asn1Encodable.Der);
    }

    private static void CheckToken(byte[] token, byte[] imprint)
    {
        // A source that returns a token for the wrong data would produce a B-T signature that never verifies.
        TimeStampTokenInfo info;
        try
        {
            info = TimeStampTokens.Parse(token);
        }
        catch (CryptoFormatException e)
        {
            throw new TimeStampException(TimeStampException.BadResponse, "The time-stamp source returned something that is not a TimeStampToken.", e);
        }

        if (!info.MessageImprint.AsSpan().SequenceEqual(imprint))
        {
            throw new TimeStampException(TimeStampException.BadResponse, "The time-stamp source returned a token over a different imprint.");
        }
    }
}
