using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>A private key's object handle, valid for the token generation it was found in.</summary>
internal sealed record KeyHandle(IObjectHandle Handle, int Generation);
