namespace Gateway.Crypto;

/// <summary>The fields of a TSTInfo (RFC 3161 §2.4.2) that callers need.</summary>
/// <param name="SerialNumberHex">Lowercase hexadecimal, no leading zeros.</param>
/// <param name="TsaName">The TSTInfo tsa field rendered as a string (a directory name as "CN=...,O=..."), when present.</param>
/// <param name="Nonce">Unsigned big-endian bytes of the nonce INTEGER, when present.</param>
public sealed record TimeStampTokenInfo(
    DateTimeOffset GenTime,
    string SerialNumberHex,
    string PolicyOid,
    string? TsaName,
    string HashAlgorithmOid,
    byte[] MessageImprint,
    byte[]? Nonce);
