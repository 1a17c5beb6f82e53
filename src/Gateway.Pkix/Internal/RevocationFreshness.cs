using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>
/// Whether an answer speaks for time T (ETSI EN 319 102-1 §5.2.5, made concrete):
/// a revocation at or before T is final whenever it was issued; otherwise the answer must have been issued at or
/// after T (it then shows the certificate was not revoked at T), or have been the current answer at T
/// (thisUpdate before T and T not after nextUpdate, or, without nextUpdate, T within the configured window after
/// thisUpdate). Answers dated after our own clock's now are refused. Comparisons allow the configured clock skew.
/// </summary>
internal static class RevocationFreshness
{
    public static (AnswerMeaning Meaning, string? Why) Classify(RevocationAnswer answer, DateTimeOffset time, DateTimeOffset now, CertificateValidatorOptions options)
    {
        var skew = options.ClockSkew;
        if (answer.ThisUpdate > now + skew)
        {
            return (AnswerMeaning.Unusable, $"{answer.Source}: thisUpdate {Times.Format(answer.ThisUpdate)} is in the future");
        }

        if (answer.Status == RevocationStatus.Revoked && answer.RevocationTime is { } revoked && revoked <= time)
        {
            return (AnswerMeaning.Revoked, null);
        }

        var currentUntil = answer.NextUpdate ?? answer.ThisUpdate + options.RevocationFreshnessWithoutNextUpdate;
        if (answer.ThisUpdate < time - skew && currentUntil < time - skew)
        {
            var until = answer.NextUpdate is null ? "without nextUpdate" : $"nextUpdate {Times.Format(currentUntil)}";
            return (AnswerMeaning.Unusable, $"{answer.Source}: thisUpdate {Times.Format(answer.ThisUpdate)} ({until}) is too old for {Times.Format(time)}");
        }

        return answer.Status == RevocationStatus.Unknown ? (AnswerMeaning.Unknown, null) : (AnswerMeaning.NotRevoked, null);
    }
}
