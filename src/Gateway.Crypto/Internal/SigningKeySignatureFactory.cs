using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace Gateway.Crypto.Internal;

/// <summary>
/// Lets BouncyCastle's CMS and TSP generators sign through <see cref="ISigningKey.SignHash"/>, so the
/// private key never has to be exported into a BouncyCastle key object (HSM keys cannot be).
/// </summary>
internal sealed class SigningKeySignatureFactory : ISignatureFactory
{
    private readonly ISigningKey _key;
    private readonly HashAlgorithmName _hash;

    public SigningKeySignatureFactory(ISigningKey key, HashAlgorithmName hash)
    {
        _key = key;
        _hash = hash;
        AlgorithmDetails = SignatureAlgorithm(key.Algorithm, hash);
    }

    public object AlgorithmDetails { get; }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_key, _hash);

    /// <summary>
    /// id-RSASSA-PSS with explicit parameters (RFC 4055 §3.1): the hash, MGF1 over the same hash, a
    /// salt as long as the hash, trailer 1 — what .NET's <see cref="RSASignaturePadding.Pss"/> produces.
    /// </summary>
    internal static AlgorithmIdentifier PssAlgorithm(HashAlgorithmName hash)
    {
        var digest = new AlgorithmIdentifier(new DerObjectIdentifier(HashAlgorithms.ToOid(hash)), DerNull.Instance);
        return new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, new RsassaPssParameters(
            digest,
            new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, digest),
            DerInteger.ValueOf(HashAlgorithms.Length(hash)),
            DerInteger.ValueOf(1)));
    }

    internal static AlgorithmIdentifier SignatureAlgorithm(KeyAlgorithm algorithm, HashAlgorithmName hash)
    {
        var oid = HashAlgorithms.ToOid(hash);
        return algorithm switch
        {
            KeyAlgorithm.Rsa => new AlgorithmIdentifier(
                oid switch
                {
                    HashAlgorithms.Sha256Oid => PkcsObjectIdentifiers.Sha256WithRsaEncryption,
                    HashAlgorithms.Sha384Oid => PkcsObjectIdentifiers.Sha384WithRsaEncryption,
                    _ => PkcsObjectIdentifiers.Sha512WithRsaEncryption,
                },
                DerNull.Instance),
            // RFC 5758 §3.2: the ECDSA AlgorithmIdentifiers have absent parameters.
            KeyAlgorithm.Ecdsa => new AlgorithmIdentifier(oid switch
            {
                HashAlgorithms.Sha256Oid => X9ObjectIdentifiers.ECDsaWithSha256,
                HashAlgorithms.Sha384Oid => X9ObjectIdentifiers.ECDsaWithSha384,
                _ => X9ObjectIdentifiers.ECDsaWithSha512,
            }),
            _ => throw new NotSupportedException($"Key algorithm {algorithm} is not supported."),
        };
    }

    private sealed class Calculator : IStreamCalculator<IBlockResult>
    {
        private readonly ISigningKey _key;
        private readonly HashAlgorithmName _hashName;
        private readonly IncrementalHash _hash;

        public Calculator(ISigningKey key, HashAlgorithmName hashName)
        {
            _key = key;
            _hashName = hashName;
            _hash = IncrementalHash.CreateHash(hashName);
            Stream = new HashSink(_hash);
        }

        public Stream Stream { get; }

        public IBlockResult GetResult()
        {
            var digest = _hash.GetHashAndReset();
            _hash.Dispose();
            return new SimpleBlockResult(_key.SignHash(digest, _hashName));
        }
    }

    private sealed class HashSink(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
        public override void WriteByte(byte value) => hash.AppendData([value]);
    }
}
