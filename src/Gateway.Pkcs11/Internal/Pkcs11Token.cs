using System.Collections.Concurrent;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Gateway.Pkcs11.Internal;

/// <summary>
/// A token found by label, logged in once, with a pool of read-only sessions. PKCS#11 login is per
/// token and application, so one session is kept open only to hold the login (closing the last session
/// logs out); signing sessions come and go in the pool, one caller per session at a time, which is what
/// the standard asks of multi-threaded applications.
/// </summary>
internal sealed class Pkcs11Token : IDisposable
{
    private readonly object _gate = new();
    private readonly ConcurrentBag<Pkcs11Lease> _idle = [];
    private readonly SemaphoreSlim _sessions;
    private readonly byte[] _pin;
    private ISlot? _slot;
    private ISession? _login;
    private int _generation;
    private int _moduleGeneration = -1;
    private bool _disposed;

    public Pkcs11Token(Pkcs11Module module, string label, byte[] pin, int maxSessions)
    {
        Module = module;
        Label = label;
        _pin = pin;
        _sessions = new SemaphoreSlim(Math.Max(1, maxSessions));
    }

    public Pkcs11Module Module { get; }

    public string Label { get; }

    public int Generation => Volatile.Read(ref _generation);

    public bool HasPin(byte[] pin) => CryptographicOperations.FixedTimeEquals(pin, _pin);

    public Pkcs11Lease Rent()
    {
        _sessions.Wait();
        try
        {
            while (_idle.TryTake(out var lease))
            {
                if (lease.Generation == Generation) return lease;
                Close(lease.Session);
            }
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var slot = EnsureOpen();
                return new Pkcs11Lease(slot.OpenSession(SessionType.ReadOnly), _generation);
            }
        }
        catch
        {
            _sessions.Release();
            throw;
        }
    }

    /// <summary>A read-write session outside the pool, for creating objects (key pairs, certificates); the caller closes it.</summary>
    public ISession OpenReadWrite()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return EnsureOpen().OpenSession(SessionType.ReadWrite);
        }
    }

    /// <summary>Closes a session that did not come from the pool.</summary>
    public static void CloseSession(ISession session) => Close(session);

    /// <summary>Back to the pool, or closed when it failed or belongs to an earlier generation.</summary>
    public void Return(Pkcs11Lease lease, bool broken)
    {
        if (broken || lease.Generation != Generation || _disposed) Close(lease.Session);
        else _idle.Add(lease);
        _sessions.Release();
    }

    /// <summary>
    /// Forgets every session and the login after a failure of generation <paramref name="observedGeneration"/>
    /// (a no-op when another caller already reset); the module is reloaded when the failure says so.
    /// </summary>
    public void Reset(int observedGeneration, Exception failure)
    {
        lock (_gate)
        {
            if (observedGeneration != _generation) return;
            CloseAll();
            if (Pkcs11Failures.NeedsReload(failure)) Module.Reload(_moduleGeneration);
            _generation++;
        }
    }

    /// <summary>Closes every session of the slot behind the pool's back, as a token reset does (tests).</summary>
    internal void CloseAllSessionsForTest()
    {
        lock (_gate) _slot?.CloseAllSessions();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            CloseAll();
            CryptographicOperations.ZeroMemory(_pin);
        }
    }

    private ISlot EnsureOpen()
    {
        if (_slot is not null && _login is not null) return _slot;
        ISlot slot;
        try
        {
            slot = FindSlot();
        }
        catch (Exception e) when (Pkcs11Failures.NeedsReload(e))
        {
            Module.Reload(Module.Generation);
            slot = FindSlot();
        }
        var login = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            login.Login(CKU.CKU_USER, _pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another session of this process logged in to the token already: the login is shared.
        }
        catch (Pkcs11Exception e)
        {
            Close(login);
            throw new Pkcs11KeyException($"cannot log in to PKCS#11 token '{Label}': {e.RV}", e);
        }
        (_slot, _login, _moduleGeneration) = (slot, login, Module.Generation);
        return slot;
    }

    private ISlot FindSlot()
    {
        // Slot ids change when tokens are initialised or re-plugged; the label is what stays.
        foreach (var slot in Module.Library.GetSlotList(SlotsType.WithTokenPresent))
            if (string.Equals(slot.GetTokenInfo().Label?.TrimEnd(), Label, StringComparison.Ordinal)) return slot;
        throw new Pkcs11KeyException($"no PKCS#11 token labelled '{Label}' in module '{Module.Path}'");
    }

    private void CloseAll()
    {
        while (_idle.TryTake(out var lease)) Close(lease.Session);
        if (_login is not null) Close(_login);
        (_slot, _login) = (null, null);
    }

    private static void Close(ISession session)
    {
        try { session.CloseSession(); }
        catch (Pkcs11Exception) { } // Already gone with its token: nothing left to close.
        catch (ObjectDisposedException) { }
    }
}
