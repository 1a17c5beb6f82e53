namespace Gateway.Validation.Internal;

/// <summary>Names of digest and signature algorithms, and which digest a combined signature algorithm implies.</summary>
internal static class Algorithms
{
    private static readonly Dictionary<string, string> DigestNames = new()
    {
        ["1.2.840.113549.2.5"] = "MD5",
        ["1.3.14.3.2.26"] = "SHA-1",
        ["2.16.840.1.101.3.4.2.4"] = "SHA-224",
        ["2.16.840.1.101.3.4.2.1"] = "SHA-256",
        ["2.16.840.1.101.3.4.2.2"] = "SHA-384",
        ["2.16.840.1.101.3.4.2.3"] = "SHA-512",
        ["2.16.840.1.101.3.4.2.7"] = "SHA3-224",
        ["2.16.840.1.101.3.4.2.8"] = "SHA3-256",
        ["2.16.840.1.101.3.4.2.9"] = "SHA3-384",
        ["2.16.840.1.101.3.4.2.10"] = "SHA3-512",
        ["1.3.36.3.2.1"] = "RIPEMD-160",
    };

    // Signature algorithms that name their digest: the SignerInfo's digestAlgorithm must be that digest,
    // or the bytes hashed and the bytes signed are not what the signer's software said (EU DSS refuses it too).
    private static readonly Dictionary<string, (string Name, string Digest)> Combined = new()
    {
        ["1.2.840.113549.1.1.4"] = ("md5WithRSAEncryption", "1.2.840.113549.2.5"),
        ["1.2.840.113549.1.1.5"] = ("sha1WithRSAEncryption", "1.3.14.3.2.26"),
        ["1.2.840.113549.1.1.14"] = ("sha224WithRSAEncryption", "2.16.840.1.101.3.4.2.4"),
        ["1.2.840.113549.1.1.11"] = ("sha256WithRSAEncryption", "2.16.840.1.101.3.4.2.1"),
        ["1.2.840.113549.1.1.12"] = ("sha384WithRSAEncryption", "2.16.840.1.101.3.4.2.2"),
        ["1.2.840.113549.1.1.13"] = ("sha512WithRSAEncryption", "2.16.840.1.101.3.4.2.3"),
        ["2.16.840.1.101.3.4.3.13"] = ("id-rsassa-pkcs1-v1_5-with-sha3-224", "2.16.840.1.101.3.4.2.7"),
        ["2.16.840.1.101.3.4.3.14"] = ("id-rsassa-pkcs1-v1_5-with-sha3-256", "2.16.840.1.101.3.4.2.8"),
        ["2.16.840.1.101.3.4.3.15"] = ("id-rsassa-pkcs1-v1_5-with-sha3-384", "2.16.840.1.101.3.4.2.9"),
        ["2.16.840.1.101.3.4.3.16"] = ("id-rsassa-pkcs1-v1_5-with-sha3-512", "2.16.840.1.101.3.4.2.10"),
        ["1.2.840.10045.4.1"] = ("ecdsa-with-SHA1", "1.3.14.3.2.26"),
        ["1.2.840.10045.4.3.1"] = ("ecdsa-with-SHA224", "2.16.840.1.101.3.4.2.4"),
        ["1.2.840.10045.4.3.2"] = ("ecdsa-with-SHA256", "2.16.840.1.101.3.4.2.1"),
        ["1.2.840.10045.4.3.3"] = ("ecdsa-with-SHA384", "2.16.840.1.101.3.4.2.2"),
        ["1.2.840.10045.4.3.4"] = ("ecdsa-with-SHA512", "2.16.840.1.101.3.4.2.3"),
        ["2.16.840.1.101.3.4.3.10"] = ("id-ecdsa-with-sha3-256", "2.16.840.1.101.3.4.2.8"),
        ["2.16.840.1.101.3.4.3.11"] = ("id-ecdsa-with-sha3-384", "2.16.840.1.101.3.4.2.9"),
        ["2.16.840.1.101.3.4.3.12"] = ("id-ecdsa-with-sha3-512", "2.16.840.1.101.3.4.2.10"),
        ["0.4.0.127.0.7.1.1.4.1.1"] = ("ecdsa-plain-SHA1", "1.3.14.3.2.26"),
        ["0.4.0.127.0.7.1.1.4.1.2"] = ("ecdsa-plain-SHA224", "2.16.840.1.101.3.4.2.4"),
        ["0.4.0.127.0.7.1.1.4.1.3"] = ("ecdsa-plain-SHA256", "2.16.840.1.101.3.4.2.1"),
        ["0.4.0.127.0.7.1.1.4.1.4"] = ("ecdsa-plain-SHA384", "2.16.840.1.101.3.4.2.2"),
        ["0.4.0.127.0.7.1.1.4.1.5"] = ("ecdsa-plain-SHA512", "2.16.840.1.101.3.4.2.3"),
    };

    private static readonly Dictionary<string, string> Plain = new()
    {
        ["1.2.840.113549.1.1.1"] = "rsaEncryption",
        ["1.2.840.113549.1.1.10"] = "RSASSA-PSS",
        ["1.2.840.10045.2.1"] = "ecPublicKey",
        ["1.3.101.112"] = "Ed25519",
    };

    public static string DescribeDigest(string oid) => DigestNames.GetValueOrDefault(oid, oid);

    public static string DescribeSignature(string oid) =>
        Combined.TryGetValue(oid, out var combined) ? combined.Name : Plain.GetValueOrDefault(oid, oid);

    /// <summary>False when the signature algorithm names a digest other than <paramref name="digestOid"/>.</summary>
    public static bool DigestAgrees(string signatureOid, string digestOid) =>
        !Combined.TryGetValue(signatureOid, out var combined) || combined.Digest == digestOid;

    public static bool IsKnownDigest(string oid) => DigestNames.ContainsKey(oid);
}
