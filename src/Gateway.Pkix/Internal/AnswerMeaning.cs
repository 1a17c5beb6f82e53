namespace Gateway.Pkix.Internal;

/// <summary>What one revocation answer proves about the time being judged.</summary>
internal enum AnswerMeaning
{
    /// <summary>Revoked at or before that time.</summary>
    Revoked,

    /// <summary>Not revoked at that time: good, or revoked only later, from data recent enough for that time.</summary>
    NotRevoked,

    /// <summary>The responder does not know the certificate.</summary>
    Unknown,

    /// <summary>Proves nothing for that time (too old, or dated in the future).</summary>
    Unusable,
}
