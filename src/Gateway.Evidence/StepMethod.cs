using System.Text.Json.Serialization;

namespace Gateway.Evidence;

/// <summary>
/// The electronic method used at one step of the process (มสพร. 6) and the level it reaches.
/// <see cref="Level"/> is null where the method catalogue has not graded the method; it is written
/// as an explicit null so that "not graded" is never mistaken for a field left out.
/// <see cref="Evidence"/> (schema v3) says what an observed method rests on.
/// </summary>
public sealed record StepMethod(
    string Step,
    string Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Level,
    MethodBasis Basis,
    string? Detail = null,
    MethodEvidence? Evidence = null);
