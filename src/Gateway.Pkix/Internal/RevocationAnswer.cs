using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>One verified revocation answer about one certificate, embedded or fetched, before it is judged for a time.</summary>
/// <param name="IssuedAt">OCSP producedAt or CRL thisUpdate (thisUpdate for fetched answers).</param>
/// <param name="Detail">Who signed it, for humans.</param>
internal sealed record RevocationAnswer(
    RevocationStatus Status,
    string Source,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    DateTimeOffset IssuedAt,
    DateTimeOffset? RevocationTime,
    string? Reason,
    string? Detail)
{
    public static RevocationAnswer From(EmbeddedRevocationAnswer embedded) => new(
        embedded.Evidence.Status,
        embedded.Evidence.Source,
        embedded.Evidence.ThisUpdate,
        embedded.Evidence.NextUpdate,
        embedded.IssuedAt,
        embedded.Evidence.RevocationTime,
        embedded.RevocationReason,
        "signed by " + embedded.SignedBy);

    public static RevocationAnswer From(RevocationEvidence fetched) => new(
        fetched.Status,
        fetched.Source,
        fetched.ThisUpdate,
        fetched.NextUpdate,
        fetched.ThisUpdate,
        fetched.RevocationTime,
        null,
        "fetched and verified by the revocation client");
}
