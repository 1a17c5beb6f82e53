namespace Gateway.Fuzz;

/// <summary>One fuzz target: a parser entry point of the gateway driven by arbitrary bytes.</summary>
internal interface IFuzzTarget
{
    /// <summary>The name <c>make fuzz TARGET=</c> takes.</summary>
    string Name { get; }

    /// <summary>
    /// Feeds one input. Returns when the code under test accepted it or refused it the documented way (its format
    /// exception, a verdict, a gRPC status); anything that escapes is a bug.
    /// </summary>
    void Run(byte[] input);

    /// <summary>The starting corpus: files of the repository and of ../shared, and artefacts made at run time.</summary>
    IEnumerable<Seed> Seeds();
}
