namespace Gateway.Pkix.Internal;

/// <summary>One certificate's revocation at the judged time.</summary>
/// <param name="Meaning">Null when no check is needed (anchor, ocsp-nocheck responder); Unusable when nothing usable was found.</param>
internal sealed record RevocationOutcome(AnswerMeaning? Meaning, CertificateRevocationInfo Info);
