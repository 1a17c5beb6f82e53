using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>A session borrowed from a token's pool, with the token generation it belongs to.</summary>
internal sealed record Pkcs11Lease(ISession Session, int Generation);
