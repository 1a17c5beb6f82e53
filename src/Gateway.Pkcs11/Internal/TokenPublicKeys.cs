using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// The public half of a key pair on a token, as a SubjectPublicKeyInfo and as words for a person ("EC P-256").
/// RSA private keys show their modulus; an EC or Edwards private key shows only its curve, so its point comes
/// from the public key object with the same id.
/// </summary>
internal static class TokenPublicKeys
{
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";
    public const string Ed25519 = "1.3.101.112";

    public static CKK KindOf(ISession session, IObjectHandle key) => (CKK)Pkcs11Objects.Number(session, key, CKA.CKA_KEY_TYPE);

    /// <summary>"RSA 3072", "EC P-384", "Ed25519", or the PKCS#11 key type for others.</summary>
    public static string Describe(ISession session, IObjectHandle privateKey)
    {
        var kind = KindOf(session, privateKey);
        if (kind == CKK.CKK_RSA) return $"RSA {Trim(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_MODULUS)).Length * 8}";
        if (kind is CKK.CKK_EC or Pkcs11Constants.CKK_EC_EDWARDS)
        {
            return CurveOf(session, privateKey) switch
            {
                P256 => "EC P-256",
                P384 => "EC P-384",
                P521 => "EC P-521",
                Ed25519 => "Ed25519",
                var other => $"EC {other}",
            };
        }
        return kind.ToString();
    }

    /// <summary>The key pair's SubjectPublicKeyInfo (DER).</summary>
    /// <exception cref="Pkcs11KeyException">An EC key without its public key object, or a kind of key this does not know.</exception>
    public static byte[] SubjectPublicKeyInfo(ISession session, IObjectHandle privateKey, Pkcs11Uri uri)
    {
        var kind = KindOf(session, privateKey);
        if (kind == CKK.CKK_RSA)
        {
            using var rsa = RSA.Create(new RSAParameters
            {
                Modulus = Trim(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_MODULUS)).ToArray(),
                Exponent = Trim(Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_PUBLIC_EXPONENT)).ToArray(),
            });
            return rsa.ExportSubjectPublicKeyInfo();
        }
        if (kind is not (CKK.CKK_EC or Pkcs11Constants.CKK_EC_EDWARDS)) throw new Pkcs11KeyException($"{uri} is a {kind} key; RSA, EC and Ed25519 keys are supported");
        var point = Point(session, privateKey, uri);
        var curve = CurveOf(session, privateKey);
        if (curve == Ed25519)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence()) writer.WriteObjectIdentifier(Ed25519);
                writer.WriteBitString(point);
            }
            return writer.Encode();
        }
        if (point.Length == 0 || point[0] != 4) throw new Pkcs11KeyException($"the public key of {uri} is not an uncompressed EC point");
        var half = (point.Length - 1) / 2;
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromValue(curve),
            Q = new ECPoint { X = point[1..(1 + half)], Y = point[(1 + half)..] },
        });
        return ecdsa.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The EC or Edwards point of the key pair (CKA_EC_POINT of its public key object, unwrapped).</summary>
    public static byte[] Point(ISession session, IObjectHandle privateKey, Pkcs11Uri uri)
    {
        var id = Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_ID);
        var publicKey = Pkcs11Objects.FindOne(session, CKO.CKO_PUBLIC_KEY, id)
            ?? throw new Pkcs11KeyException($"the token holds no public key with the id of {uri}, which an EC or Ed25519 key needs");
        return BarePoint(Pkcs11Objects.Bytes(session, publicKey, CKA.CKA_EC_POINT));
    }

    /// <summary>CKA_EC_POINT is a DER OCTET STRING around the point (some old modules give the bare point).</summary>
    public static byte[] BarePoint(byte[] point)
    {
        try
        {
            var inner = AsnDecoder.ReadOctetString(point, AsnEncodingRules.DER, out var consumed);
            if (consumed == point.Length) return inner;
        }
        catch (AsnContentException) { }
        return point;
    }

    /// <summary>The curve of an EC or Edwards private key; from its public key object when the private key does not show it.</summary>
    public static string CurveOf(ISession session, IObjectHandle privateKey)
    {
        var parameters = Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_EC_PARAMS);
        if (parameters.Length == 0
            && Pkcs11Objects.FindOne(session, CKO.CKO_PUBLIC_KEY, Pkcs11Objects.Bytes(session, privateKey, CKA.CKA_ID)) is { } publicKey)
            parameters = Pkcs11Objects.Bytes(session, publicKey, CKA.CKA_EC_PARAMS);
        return CurveOf(parameters);
    }

    /// <summary>CKA_EC_PARAMS: a named curve's OID, or for Edwards curves (PKCS#11 3.0) possibly the printable string "edwards25519".</summary>
    public static string CurveOf(byte[] parameters)
    {
        try
        {
            var tag = Asn1Tag.Decode(parameters, out _);
            if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier)) return AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out _);
            var name = AsnDecoder.ReadCharacterString(parameters, AsnEncodingRules.DER, UniversalTagNumber.PrintableString, out _);
            return name == "edwards25519" ? Ed25519 : name;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            return "(unknown curve)";
        }
    }

    /// <summary>CKA_EC_PARAMS for a curve OID; Edwards curves as the name, which SoftHSM2 2.6 and the PKCS#11 3.0 profile accept.</summary>
    public static byte[] Parameters(string curve)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        if (curve == Ed25519) writer.WriteCharacterString(UniversalTagNumber.PrintableString, "edwards25519");
        else writer.WriteObjectIdentifier(curve);
        return writer.Encode();
    }

    public static ReadOnlySpan<byte> Trim(byte[]? value)
    {
        var span = value.AsSpan();
        while (span.Length > 1 && span[0] == 0) span = span[1..];
        return span;
    }
}
