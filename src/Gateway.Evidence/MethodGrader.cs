namespace Gateway.Evidence;

/// <summary>
/// Grades a case: for each step, the recorded method reaching the highest level in the catalogue, held against the
/// policy's minimum. Claims never outrank facts: at a step the gateway observes itself (<c>observableSteps</c>) a
/// claim is ignored, and elsewhere a claim counts only where nothing was observed.
/// </summary>
public static class MethodGrader
{
    public static CaseGrade Grade(MethodCatalogue catalogue, IReadOnlyList<StepMethod> methods, ServicePolicy? policy = null,
        string? policyVersion = null, IReadOnlySet<string>? observableSteps = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(methods);
        var required = policy?.Minimum ?? new Dictionary<string, string>();
        var steps = methods.Select(m => m.Step).Concat(required.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(Order).ThenBy(s => s, StringComparer.Ordinal);

        var grades = new List<StepGrade>();
        foreach (var step in steps)
        {
            var recorded = methods.Where(m => m.Step == step).ToList();
            var observed = recorded.Where(m => m.Basis == MethodBasis.Observed).ToList();
            var counting = observed.Count > 0 || observableSteps?.Contains(step) == true ? observed : recorded;
            var best = counting.OrderByDescending(m => catalogue.Rank(catalogue.LevelOf(step, m.Method))).FirstOrDefault();
            var level = best is null ? null : catalogue.LevelOf(step, best.Method);
            required.TryGetValue(step, out var minimum);
            var met = minimum is null || catalogue.Rank(level) >= catalogue.Rank(minimum) && level is not null;
            grades.Add(new StepGrade(step, best?.Method, best?.Basis, level, minimum, met, best?.Detail, best?.Evidence));
        }

        var considered = policy is null ? grades.Where(g => g.Method is not null) : grades.Where(g => g.Required is not null);
        string? overall = null;
        var any = false;
        foreach (var g in considered)
        {
            if (g.Level is null) { overall = null; any = true; break; }
            if (!any || catalogue.Rank(g.Level) < catalogue.Rank(overall)) overall = g.Level;
            any = true;
        }
        return new CaseGrade(catalogue.Version, policy is null ? null : policyVersion, grades, overall);
    }

    private static int Order(string step)
    {
        for (var i = 0; i < ProcessSteps.All.Count; i++)
        {
            if (ProcessSteps.All[i] == step) return i;
        }
        return int.MaxValue;
    }
}
