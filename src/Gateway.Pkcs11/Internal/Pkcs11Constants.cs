using Net.Pkcs11Interop.Common;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// PKCS#11 3.0 values Pkcs11Interop 5.3 (a 2.40 binding) has no names for: Edwards-curve keys and EdDSA,
/// which SoftHSM2 2.6 and current HSMs implement.
/// </summary>
internal static class Pkcs11Constants
{
    public const CKK CKK_EC_EDWARDS = (CKK)0x40;
    public const CKM CKM_EC_EDWARDS_KEY_PAIR_GEN = (CKM)0x1055;
    public const CKM CKM_EDDSA = (CKM)0x1057;
}
