using Net.Pkcs11Interop.Common;

namespace Gateway.Pkcs11.Internal;

/// <summary>Return values meaning "the session, token or library went away": worth one reset and retry.</summary>
internal static class Pkcs11Failures
{
    public static bool IsGone(Exception e) => e is Pkcs11Exception p && p.RV is
        CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED or CKR.CKR_DEVICE_REMOVED or CKR.CKR_DEVICE_ERROR
        or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_TOKEN_NOT_RECOGNIZED or CKR.CKR_CRYPTOKI_NOT_INITIALIZED
        or CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID;

    /// <summary>The module itself lost its state: a new C_Initialize is needed, not only new sessions.</summary>
    public static bool NeedsReload(Exception e) => e is Pkcs11Exception { RV: CKR.CKR_CRYPTOKI_NOT_INITIALIZED or CKR.CKR_DEVICE_REMOVED or CKR.CKR_DEVICE_ERROR };
}
