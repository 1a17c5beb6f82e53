namespace Gateway.Evidence;

/// <summary>
/// A case graded against the catalogue and, when the service has one, its policy. <see cref="Level"/> is the level
/// the whole case reaches: the lowest level among the steps the policy names (all recorded steps without a policy),
/// or null when one of them reaches no level.
/// </summary>
public sealed record CaseGrade(string CatalogueVersion, string? PolicyVersion, IReadOnlyList<StepGrade> Steps, string? Level)
{
    public IReadOnlyList<StepGrade> Unmet => [.. Steps.Where(s => !s.Met)];
    public bool Met => Steps.All(s => s.Met);
}
