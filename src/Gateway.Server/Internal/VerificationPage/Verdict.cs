namespace Gateway.Server.Internal.VerificationPage;

/// <summary>The colour a person reads first: green when everything passed, red when anything failed, amber otherwise.</summary>
internal enum Verdict
{
    Green,
    Amber,
    Red,
}
