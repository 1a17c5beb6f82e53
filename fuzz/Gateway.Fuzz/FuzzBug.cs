namespace Gateway.Fuzz;

/// <summary>
/// What a harness throws when the code under test misbehaved without throwing: a round trip that does not agree, a
/// gRPC status that only an unhandled exception produces, an input that made it allocate without bound.
/// </summary>
internal sealed class FuzzBug : Exception
{
    public FuzzBug(string message) : base(message) { }

    public FuzzBug(string message, Exception inner) : base(message, inner) { }
}
