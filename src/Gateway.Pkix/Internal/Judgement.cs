namespace Gateway.Pkix.Internal;

/// <summary>The path's validity and revocation at one time; <see cref="Revocation"/> is per path position.</summary>
internal sealed record Judgement(DateTimeOffset At, IReadOnlyList<TimeProblem> Problems, IReadOnlyList<RevocationOutcome> Revocation)
{
    /// <summary>Problems a proof of existence before them can cure (ETSI EN 319 102-1 §5.6.2.1).</summary>
    public bool CurableByPoe => Problems.Any(p => p.Kind is TimeProblemKind.Expired or TimeProblemKind.Revoked);
}
