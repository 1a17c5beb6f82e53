namespace Gateway.Evidence;

/// <summary>
/// Whether the gateway saw a method used with its own eyes or only records what the sender said.
/// A verifier must be able to tell the two apart: a claim is signed as a claim, never as a fact.
/// </summary>
public enum MethodBasis
{
    Observed,
    Claimed,
}
