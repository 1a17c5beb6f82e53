namespace Gateway.Evidence;

/// <summary>
/// The case graded in a receipt (schema v3): the catalogue version (always), the policy version (when the service has
/// a policy), per step the method that counts and the level it reaches, and the overall level of the case.
/// </summary>
public sealed record ReceiptGrade(
    string CatalogueVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? PolicyVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Level,
    bool Met,
    IReadOnlyList<StepGrade> Steps)
{
    public static ReceiptGrade From(CaseGrade grade) => new(grade.CatalogueVersion, grade.PolicyVersion, grade.Level, grade.Met, grade.Steps);
}
