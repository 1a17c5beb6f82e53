namespace Gateway.Evidence;

/// <summary>
/// One step of a graded case: the method that counts (the highest-level one recorded), whether the gateway observed
/// it or the sender claimed it, the level it reaches in the catalogue (null: unknown method or none), the level the
/// policy requires (null: none), and whether that is met. Null fields are written as explicit nulls in receipts.
/// </summary>
public sealed record StepGrade(
    string Step,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Method,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] MethodBasis? Basis,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Level,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? Required,
    bool Met,
    string? Detail = null,
    MethodEvidence? Evidence = null);
