namespace Gateway.Evidence;

/// <summary>
/// One step of a graded case: the method that counts (the highest-level one recorded), whether the gateway observed
/// it or the sender claimed it, the level it reaches in the catalogue (null: unknown method or none), the level the
/// policy requires (null: none), and whether that is met.
/// </summary>
public sealed record StepGrade(string Step, string? Method, MethodBasis? Basis, string? Level, string? Required, bool Met, string? Detail = null);
