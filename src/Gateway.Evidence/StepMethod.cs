namespace Gateway.Evidence;

/// <summary>
/// The electronic method used at one step of the process (มสพร. 6) and the level it reaches.
/// <see cref="Level"/> is null where the method catalogue has not graded the method yet.
/// </summary>
public sealed record StepMethod(string Step, string Method, string? Level, MethodBasis Basis, string? Detail = null);
