using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// One loaded PKCS#11 module per path for the whole process: C_Initialize may run only once per process,
/// so every token and key of the module shares it. Reloaded (C_Finalize + C_Initialize) when the module
/// says it lost its state.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private IPkcs11Library _library;
    private int _users;

    private Pkcs11Module(string path)
    {
        Path = path;
        _library = Load(path);
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    public string Path { get; }

    public int Generation { get; private set; }

    public IPkcs11Library Library
    {
        get { lock (_gate) return _library; }
    }

    public static Pkcs11Module Acquire(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(full, out var module))
            {
                if (!File.Exists(full)) throw new Pkcs11KeyException($"PKCS#11 module '{full}' does not exist");
                module = new Pkcs11Module(full);
                Loaded.Add(full, module);
            }
            module._users++;
            return module;
        }
    }

    public void Release()
    {
        lock (Loaded)
        {
            if (--_users > 0) return;
            Loaded.Remove(Path);
            lock (_gate) _library.Dispose();
        }
    }

    /// <summary>Reloads unless another caller already did since <paramref name="observedGeneration"/>.</summary>
    public void Reload(int observedGeneration)
    {
        lock (_gate)
        {
            if (Generation != observedGeneration) return;
            try { _library.Dispose(); }
            catch (Pkcs11Exception) { } // Finalizing a module that lost its state may fail; loading again is what matters.
            _library = Load(Path);
            Generation++;
        }
    }

    private static IPkcs11Library Load(string path)
    {
        NativeLibraryFix.Install();
        try
        {
            return Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded);
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or DllNotFoundException)
        {
            throw new Pkcs11KeyException($"cannot load PKCS#11 module '{path}': {e.Message}", e);
        }
    }
}
