using System.Runtime.InteropServices;

namespace ElasticCI.Agent.Interop;

internal static partial class NativeMethods
{
    internal const int ORdWr = 0x2;
    internal const int ONoCtty = 0x100;
    internal const int OCloExec = 0x80000;

    /// <summary>kill(2): a negative <paramref name="pid"/> addresses a process group; signal 0 only checks existence.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>posix_openpt(3): opens a new pseudo-terminal master.</summary>
    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenpt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int Grantpt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int Unlockpt(int fd);

    /// <summary>ptsname_r(3): the path of the master's slave device.</summary>
    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsnameR(int fd, [Out] byte[] buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
