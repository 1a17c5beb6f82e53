using Gateway.Crypto;

namespace Gateway.Pkix.Internal;

/// <summary>
/// Turns a <see cref="Judgement"/> into ETSI EN 319 102-1 indications, most serious first:
/// the leaf not yet valid (TOTAL_FAILED NOT_YET_VALID: it signed before it existed), the leaf revoked
/// (REVOKED_NO_POE), a CA revoked (REVOKED_CA_NO_POE), a certificate outside its validity period
/// (OUT_OF_BOUNDS_NOT_REVOKED when revocation data for the time shows it was not revoked, else OUT_OF_BOUNDS_NO_POE),
/// then unknown or unavailable revocation (TRY_LATER).
/// </summary>
internal static class TimeVerdict
{
    public static void Apply(Judgement judgement, BuiltPath path, RevocationPolicy policy, Findings findings)
    {
        foreach (var problem in judgement.Problems.OrderBy(p => Rank(p)).ThenBy(p => p.Index))
        {
            switch (problem.Kind)
            {
                case TimeProblemKind.NotYetValid when problem.Index == 0:
                    findings.Fail(Indication.TotalFailed, SubIndications.NotYetValid, problem.Message);
                    break;
                case TimeProblemKind.Revoked:
                    findings.Fail(Indication.Indeterminate, problem.Index == 0 ? SubIndications.RevokedNoPoe : SubIndications.RevokedCaNoPoe, problem.Message);
                    break;
                case TimeProblemKind.NotYetValid or TimeProblemKind.Expired:
                    findings.Fail(Indication.Indeterminate, OutOfBoundsSubIndication(judgement, path), problem.Message);
                    break;
                case TimeProblemKind.Unknown:
                    // An OCSP "unknown" is a responder declining to vouch for the certificate, not an outage:
                    // the policy that accepts missing data does not accept it.
                    findings.Fail(Indication.Indeterminate, SubIndications.TryLater, problem.Message);
                    break;
                case TimeProblemKind.Unavailable when policy == RevocationPolicy.Accept:
                    findings.Warn(problem.Message + " Accepted by policy.");
                    break;
                case TimeProblemKind.Unavailable:
                    findings.Fail(Indication.Indeterminate, SubIndications.TryLater, problem.Message);
                    break;
            }
        }
    }

    private static int Rank(TimeProblem problem) => problem.Kind switch
    {
        TimeProblemKind.NotYetValid when problem.Index == 0 => 0,
        TimeProblemKind.Revoked when problem.Index == 0 => 1,
        TimeProblemKind.Revoked => 2,
        TimeProblemKind.NotYetValid or TimeProblemKind.Expired => 3,
        TimeProblemKind.Unknown => 4,
        _ => 5,
    };

    /// <summary>NOT_REVOKED only when every out-of-bounds certificate has an answer, for the judged time, saying it was not revoked.</summary>
    private static string OutOfBoundsSubIndication(Judgement judgement, BuiltPath path)
    {
        var outOfBounds = judgement.Problems.Where(p => p.Kind is TimeProblemKind.NotYetValid or TimeProblemKind.Expired).Select(p => p.Index);
        return outOfBounds.All(i => !path.IsAnchor(i) && judgement.Revocation[i].Meaning == AnswerMeaning.NotRevoked)
            ? SubIndications.OutOfBoundsNotRevoked
            : SubIndications.OutOfBoundsNoPoe;
    }
}
