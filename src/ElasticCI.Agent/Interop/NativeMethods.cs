using System.Runtime.InteropServices;

namespace ElasticCI.Agent.Interop;

internal static partial class NativeMethods
{
    /// <summary>kill(2): a negative <paramref name="pid"/> addresses a process group; signal 0 only checks existence.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
