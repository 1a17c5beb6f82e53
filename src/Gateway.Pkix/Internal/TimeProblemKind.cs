namespace Gateway.Pkix.Internal;

internal enum TimeProblemKind
{
    NotYetValid,
    Expired,
    Revoked,
    Unknown,
    Unavailable,
}
