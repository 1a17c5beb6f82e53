using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// Pkcs11Interop 5.3 loads modules through "libdl", a name glibc 2.34+ systems (Debian 12) only ship as
/// libdl.so.2: without this every load fails with DllNotFoundException.
/// </summary>
internal static class NativeLibraryFix
{
    private static int _installed;

    public static void Install()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _installed, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly,
            (name, _, _) => name == "libdl" ? NativeLibrary.Load("libdl.so.2") : IntPtr.Zero);
    }
}
