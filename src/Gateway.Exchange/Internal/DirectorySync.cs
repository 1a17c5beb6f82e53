using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Gateway.Exchange.Internal;

// A rename is only durable once the directory entry itself reaches the disk; .NET has no API
// to fsync a directory (FileStream refuses to open one), hence the direct libc calls.
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        // Windows cannot open directories for flushing and NTFS journals renames itself.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory '{directory}'.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
