namespace Gateway.Pkix.Internal;

/// <param name="Index">Position in the path: 0 is the leaf.</param>
internal sealed record TimeProblem(TimeProblemKind Kind, int Index, string Message);
